import * as path from 'node:path';
import { DisposableStore, IDisposable } from '../disposable';
import { errorMessage } from '../errors';
import { Emitter } from '../events';
import type { LogHub } from '../logging';
import type { SessionManager } from '../sessionManager';
import { ActionSpans } from './actionSpans';
import { SessionTimeline } from './sessionTimeline';
import { THUMBNAILS_FOLDER, TimelineThumbnails } from './timelineThumbnails';
import type { NewTimelineEntry, TimelineEntry } from './timelineEntry';

/** browserCanvas.timeline.maxEntries's default: a long working day of clicks, a few hundred KB on disk. */
export const DEFAULT_TIMELINE_ENTRIES = 2_000;

export const TIMELINE_FILE = 'timeline.jsonl';

/**
 * Every session's timeline (SessionTimeline), opened on first use from `sessions/<id>/timeline.jsonl`
 * and dropped with its session. Appending never fails an action: a write that fails is logged.
 */
export class Timelines implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly open = new Map<string, { readonly timeline: SessionTimeline; readonly thumbnails: TimelineThumbnails }>();
  private readonly appended = this.store.add(new Emitter<TimelineEntry & { readonly sessionId: string }>());
  /** An entry joined a session's timeline. */
  readonly onDidAppend = this.appended.event;
  /** When input in a session was not the developer's (our actions, the agent's turn). */
  readonly spans: ActionSpans;

  constructor(
    private readonly manager: SessionManager,
    private readonly logs: LogHub,
    private readonly maxEntries: () => number = () => DEFAULT_TIMELINE_ENTRIES,
  ) {
    this.spans = this.store.add(new ActionSpans(manager));
    this.store.add(manager.onDidChange(({ id, kind }) => kind === 'removed' && this.close(id)));
  }

  /** Appends to the session's timeline; undefined (and a log line) when that failed. */
  async append(sessionId: string, entry: NewTimelineEntry): Promise<TimelineEntry | undefined> {
    try {
      const { timeline, thumbnails } = this.of(sessionId);
      const kept = await timeline.append(entry);
      await thumbnails.dropBefore(timeline.oldestSeq);
      return kept;
    } catch (error) {
      this.logs.forSession(sessionId).warn({ event: 'timelineAppend', error: errorMessage(error) }, 'could not add to the session timeline');
      return undefined;
    }
  }

  /** The session's entries, oldest first. */
  entries(sessionId: string): Promise<readonly TimelineEntry[]> {
    return this.of(sessionId).timeline.all();
  }

  /** Keeps `jpeg` (a frame the canvas already had) as the picture of entry `seq`, unless that entry is gone already. */
  async saveThumbnail(sessionId: string, seq: number, jpeg: Uint8Array): Promise<void> {
    const { timeline, thumbnails } = this.of(sessionId);
    await timeline.all(); // loaded: its oldest seq is known
    if (seq >= timeline.oldestSeq) {
      await thumbnails.save(seq, jpeg, timeline.oldestSeq);
    }
  }

  /** Entry `seq`'s picture, or undefined when it has none (no tile showed the page, or it was dropped). */
  thumbnail(sessionId: string, seq: number): Promise<Uint8Array | undefined> {
    return this.of(sessionId).thumbnails.read(seq);
  }

  private of(sessionId: string) {
    let open = this.open.get(sessionId);
    if (!open) {
      const folder = this.manager.sessionDir(sessionId);
      const log = this.logs.forSession(sessionId);
      open = { timeline: new SessionTimeline(path.join(folder, TIMELINE_FILE), this.maxEntries, log), thumbnails: new TimelineThumbnails(path.join(folder, THUMBNAILS_FOLDER), log) };
      open.timeline.onDidAppend((entry) => this.appended.fire({ ...entry, sessionId }));
      this.open.set(sessionId, open);
    }
    return open;
  }

  private close(sessionId: string): void {
    this.open.get(sessionId)?.timeline.dispose();
    this.open.delete(sessionId);
  }

  dispose(): void {
    [...this.open.keys()].forEach((sessionId) => this.close(sessionId));
    this.store.dispose();
  }
}
