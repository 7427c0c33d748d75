import { DisposableStore, IDisposable } from '../disposable';
import { Emitter } from '../events';
import type { SessionManager } from '../sessionManager';
import type { UserFlow } from './flowSchema';
import { PageRecorder } from './pageRecorder';

/** The recordings under way, one per session (on one of its pages), for the tiles, tree and commands. */
export class Recordings implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly active = new Map<string, Promise<PageRecorder>>();
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

  /** Starts recording one page of a live session: `pageId` (a target id), else its first page. */
  async start(sessionId: string, pageId?: string): Promise<void> {
    if (this.active.has(sessionId)) {
      return; // already recording (or starting: a second click must not make a second recorder)
    }
    const connection = this.manager.connection(sessionId);
    const target = connection?.pageTarget(pageId);
    if (!connection || !target) {
      throw new Error(`Session ${sessionId} has no page to record.`);
    }
    const recording = PageRecorder.start(connection, target);
    this.active.set(sessionId, recording);
    try {
      await recording;
    } catch (error) {
      this.active.delete(sessionId);
      throw error;
    }
    if (this.active.get(sessionId) === recording) {
      this.changed.fire(sessionId); // else discarded while it started, which disposed it
    }
  }

  /** The flow recorded so far, the recording going on. */
  async flow(sessionId: string, title: string): Promise<UserFlow> {
    const recording = this.active.get(sessionId);
    if (!recording) {
      throw new Error(`Session ${sessionId} is not being recorded.`);
    }
    return (await recording).flow(title);
  }

  /** Stops recording and returns the flow. */
  async stop(sessionId: string, title: string): Promise<UserFlow> {
    try {
      return await this.flow(sessionId, title);
    } finally {
      this.discard(sessionId);
    }
  }

  private discard(sessionId: string): void {
    const recording = this.active.get(sessionId);
    if (recording) {
      this.active.delete(sessionId);
      void recording.then((recorder) => recorder.dispose(), () => undefined);
      this.changed.fire(sessionId);
    }
  }

  dispose(): void {
    [...this.active.keys()].forEach((sessionId) => this.discard(sessionId));
    this.store.dispose();
  }
}
