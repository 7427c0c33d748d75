import { toBytes } from './tileStreams';
import { DisposableStore, Emitter, IDisposable, isHandOver, LivePage, LivePages, ScreencastFrame, TimelineEntry, Timelines, toDisposable } from '../cdp';

/** How long after an action its picture is taken at the soonest: the page has repainted, and a tile's next frame is in. */
export const PICTURE_AFTER_MS = 700;
/** How much longer an entry's picture is taken again at its page's first frame after the action, when none came by then: a busy machine paints late. */
const PAINT_WAIT_MS = 2000;
/** Frames kept per page, for an entry whose next action began before its picture was due: the newest before that. */
const FRAMES_KEPT = 12;

type Appended = TimelineEntry & { readonly sessionId: string };
interface SeenFrame {
  readonly frame: ScreencastFrame;
  /** Wall-clock ms, as entries' times are. */
  readonly at: number;
}
/** A picture taken, until the session's next entry comes: that entry may say it was taken too late. */
interface Taken {
  readonly entry: TimelineEntry;
  readonly cutoff: number;
  readonly frame: ScreencastFrame | undefined;
  /** Its saving: a picture taken again is saved after it. */
  readonly saved: Promise<void>;
}

/**
 * Each timeline entry's picture, from the frames the canvas already gets (a tile's screencast or
 * thumbnail frames): the newest frame of the entry's page PICTURE_AFTER_MS after the action (taken
 * again at its first frame after the action, when none came by then), or just before the next action began
 * if that was sooner: the developer's next press in a tile, or the next entry's time, hand-overs
 * aside (taken again when that entry comes late and says so). Kept with the session's timeline
 * (Timelines.saveThumbnail). No capture of its own: a page no tile shows has no frames, and its
 * entries no picture.
 */
export class TimelinePictures implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly frames = new Map<string, { readonly sessionId: string; readonly seen: SeenFrame[] }>();
  /** Per session, when its entries waiting for a picture and those after them began. */
  private readonly began = new Map<string, Map<number, number>>();
  /** Per session, the entries whose picture was taken before their page painted after the action: its first frame takes it again. */
  private readonly unpainted = new Map<string, Map<number, { readonly entry: Appended; readonly timer: NodeJS.Timeout }>>();
  /** Per session, the pictures taken since its last entry came. */
  private readonly taken = new Map<string, Map<number, Taken>>();
  /** Per session, when the developer last pressed a button or a key in one of its tiles (wall-clock ms). */
  private readonly presses = new Map<string, number[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly kept = this.store.add(new Emitter<{ readonly sessionId: string; readonly entry: TimelineEntry; readonly thumbnail?: Uint8Array }>());
  /** An entry's picture was taken (or there was none to take): the strip can show the entry now. */
  readonly onDidKeep = this.kept.event;

  constructor(
    private readonly pages: LivePages,
    private readonly timelines: Pick<Timelines, 'onDidAppend' | 'saveThumbnail'>,
  ) {
    this.store.add(timelines.onDidAppend((entry) => this.later(entry)));
  }

  /** Follows a tile's page: its frames are what entries on it show. */
  watch(page: LivePage): IDisposable {
    const seen: SeenFrame[] = [];
    this.frames.set(page.targetId, { sessionId: page.sessionId, seen });
    const listener = page.screencast.onFrame((frame) => {
      seen.push({ frame, at: Date.now() });
      seen.splice(0, Math.max(0, seen.length - FRAMES_KEPT));
      this.retakeUnpainted(page.sessionId);
    });
    return toDisposable(() => {
      listener.dispose();
      this.frames.delete(page.targetId);
    });
  }

  /**
   * The developer pressed a button or a key in a tile of the session: the next action began. Its entry
   * says so only once the page reported the step, often after the frame showing what it did.
   */
  pressed(sessionId: string): void {
    const presses = this.presses.get(sessionId) ?? [];
    this.presses.set(sessionId, [...presses.slice(1 - FRAMES_KEPT), Date.now()]);
    this.forgetUnpainted(sessionId, Infinity); // what paints next is this press's doing
  }

  private later(entry: Appended): void {
    const at = Date.parse(entry.time);
    const began = this.began.get(entry.sessionId) ?? new Map<number, number>();
    this.began.set(entry.sessionId, began);
    // A hand-over changes nothing on the page: the action before it may still be painting.
    if (!isHandOver(entry)) {
      began.set(entry.seq, at);
      this.forgetUnpainted(entry.sessionId, entry.seq);
      this.retakeBefore(entry.sessionId, entry.seq, at);
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.due(entry);
    }, PICTURE_AFTER_MS);
    this.timers.add(timer);
  }

  /**
   * The entry's picture is due: taken now. If its page has painted nothing since the action (a busy
   * machine, or an action that changes nothing on screen), it is taken again at the page's first
   * frame within PAINT_WAIT_MS, unless the next action begins first.
   */
  private due(entry: Appended): void {
    const newest = this.newestFrame(entry.sessionId, entry.page, Date.now());
    this.take(entry);
    if (newest && newest.at <= this.actionBegan(entry)) {
      const unpainted = this.unpainted.get(entry.sessionId) ?? new Map();
      const timer = setTimeout(() => unpainted.delete(entry.seq), PAINT_WAIT_MS);
      this.unpainted.set(entry.sessionId, unpainted.set(entry.seq, { entry, timer }));
    }
  }

  /**
   * When the entry's action began, as far as frames can tell: a developer's step is stamped when the
   * page reports it, often after the frame showing it, so their last press in a tile before it counts.
   */
  private actionBegan(entry: Appended): number {
    const at = Date.parse(entry.time);
    const pressed = entry.actor === 'developer' ? (this.presses.get(entry.sessionId) ?? []).filter((press) => press <= at) : [];
    return pressed.at(-1) ?? at;
  }

  private retakeUnpainted(sessionId: string): void {
    const unpainted = this.unpainted.get(sessionId);
    this.unpainted.delete(sessionId);
    unpainted?.forEach(({ entry, timer }) => (clearTimeout(timer), this.take(entry)));
  }

  private forgetUnpainted(sessionId: string, beforeSeq: number): void {
    const unpainted = this.unpainted.get(sessionId);
    for (const [seq, { timer }] of unpainted ?? []) {
      if (seq < beforeSeq) {
        clearTimeout(timer);
        unpainted!.delete(seq);
      }
    }
  }

  private take({ sessionId, ...entry }: Appended): void {
    const began = this.began.get(sessionId)!;
    const at = Date.parse(entry.time);
    const next = Math.min(...[...began].filter(([seq]) => seq > entry.seq).map(([, time]) => time));
    const nextPress = Math.min(...(this.presses.get(sessionId) ?? []).filter((press) => press > at));
    began.delete(entry.seq);
    const cutoff = Math.min(Date.now(), next, nextPress);
    const frame = this.newestFrame(sessionId, entry.page, cutoff)?.frame;
    const taken = this.taken.get(sessionId) ?? new Map<number, Taken>();
    const before = taken.get(entry.seq); // taken again at a late frame: saved after the first
    if (!before || before.frame !== frame) {
      const saved = before ? before.saved.then(() => this.keep(sessionId, entry, frame)) : this.keep(sessionId, entry, frame);
      this.taken.set(sessionId, taken.set(entry.seq, { entry, cutoff, frame, saved }));
    }
  }

  /**
   * An entry can come after the picture of the one before it was taken: the recorder measures the
   * element it acted on before appending, and appends wait their turn with other writers. A picture
   * taken after this entry's action began shows that action's doing: taken again, as of just before it.
   */
  private retakeBefore(sessionId: string, seq: number, began: number): void {
    const taken = this.taken.get(sessionId);
    for (const [earlier, picture] of taken ?? []) {
      if (earlier >= seq) {
        continue;
      }
      taken!.delete(earlier);
      const frame = picture.cutoff > began ? this.newestFrame(sessionId, picture.entry.page, began)?.frame : undefined;
      if (frame && frame !== picture.frame) {
        void picture.saved.then(() => this.keep(sessionId, picture.entry, frame));
      }
    }
  }

  /** Saves `frame` as the entry's picture and tells the strips; without a frame, tells them there is none. */
  private async keep(sessionId: string, entry: TimelineEntry, frame: ScreencastFrame | undefined): Promise<void> {
    const thumbnail = frame && toBytes(frame.data);
    if (thumbnail) {
      await this.timelines.saveThumbnail(sessionId, entry.seq, thumbnail);
    }
    if (!this.store.isDisposed) {
      this.kept.fire({ sessionId, entry, ...(thumbnail ? { thumbnail } : {}) });
    }
  }

  /**
   * The newest frame before `cutoff` of the entry's page (its short id is a prefix of the target id),
   * else of the session's page that painted last.
   */
  private newestFrame(sessionId: string, pageId: string | undefined, cutoff: number): SeenFrame | undefined {
    const candidates = [...this.frames].flatMap(([targetId, { sessionId: of, seen }]) => {
      const newest = of === sessionId && this.pages.get(targetId) ? seen.filter((frame) => frame.at <= cutoff).at(-1) : undefined;
      return newest ? [{ targetId, newest }] : [];
    });
    const onPage = pageId ? candidates.find(({ targetId }) => targetId.toUpperCase().startsWith(pageId.toUpperCase())) : undefined;
    return (onPage ?? candidates.sort((a, b) => b.newest.at - a.newest.at)[0])?.newest;
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.unpainted.forEach((unpainted) => unpainted.forEach(({ timer }) => clearTimeout(timer)));
    this.unpainted.clear();
    this.frames.clear();
    this.began.clear();
    this.taken.clear();
    this.presses.clear();
    this.store.dispose();
  }
}
