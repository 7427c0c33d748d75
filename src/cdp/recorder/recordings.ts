import { DisposableStore, IDisposable } from '../disposable';
import { Emitter } from '../events';
import type { SessionManager } from '../sessionManager';
import { targetIdOf } from '../browserSession';
import type { UserFlow } from './flowSchema';
import { PageRecorder } from './pageRecorder';

/** The recordings under way, one per session (on one of its pages), for the tiles, tree and commands. */
export class Recordings implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly active = new Map<string, { recorder: PageRecorder; targetId: string }>();
  private readonly changed = this.store.add(new Emitter<string>());
  /** A session started or stopped recording (its id). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly manager: SessionManager) {
    // A session that goes away takes its recording with it.
    this.store.add(manager.onDidChange(({ id, kind }) => kind === 'removed' && this.discard(id)));
  }

  isRecording(sessionId: string): boolean {
    return this.active.has(sessionId);
  }

  /** The page being recorded in a session, if any. */
  recordedPage(sessionId: string): string | undefined {
    return this.active.get(sessionId)?.targetId;
  }

  /** Starts recording one page of a live session: `pageId` (a target id), else its first page. */
  async start(sessionId: string, pageId?: string): Promise<void> {
    if (this.active.has(sessionId)) {
      return;
    }
    const target = this.manager.connection(sessionId)?.pageTarget(pageId);
    if (!target) {
      throw new Error(`Session ${sessionId} has no page to record.`);
    }
    this.active.set(sessionId, { recorder: await PageRecorder.start(target), targetId: targetIdOf(target) });
    this.changed.fire(sessionId);
  }

  /** Stops recording and returns the flow. */
  async stop(sessionId: string, title: string): Promise<UserFlow> {
    const recording = this.active.get(sessionId);
    if (!recording) {
      throw new Error(`Session ${sessionId} is not being recorded.`);
    }
    try {
      return await recording.recorder.flow(title);
    } finally {
      this.discard(sessionId);
    }
  }

  private discard(sessionId: string): void {
    const recording = this.active.get(sessionId);
    if (recording) {
      this.active.delete(sessionId);
      recording.recorder.dispose();
      this.changed.fire(sessionId);
    }
  }

  dispose(): void {
    [...this.active.keys()].forEach((sessionId) => this.discard(sessionId));
    this.store.dispose();
  }
}
