/** Frames out this long with none answered, while a newer one waits, are taken as lost. */
export const LOST_AFTER_MS = 3_000;

/**
 * Flow control towards a consumer slower than the producer (the webview drawing screencast frames):
 * at most `maxOutstanding` frames are out for drawing; while they are, each new frame replaces the one
 * waiting, so a slow consumer sees the newest picture and the queue never grows. More than one out
 * hides the round trip to the consumer (the webview answers each frame only once it has drawn it).
 *
 * An answer lost on the way (a channel that dropped it, with no close to say so) would hold the gate
 * shut for good and the tile still; so when the window stays full with no answer for `lostAfterMs`
 * while a newer frame waits, the frames out are forgotten (`onLost` says so) and the newest goes.
 */
export class LatestFrameGate<T> {
  private waiting: T | undefined;
  /** The newest frame pushed: what a consumer that lost the frames out must be given again. */
  private newest: T | undefined;
  private outstanding = 0;
  private lostTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deliver: (frame: T) => void,
    private readonly maxOutstanding = 1,
    private readonly onLost: () => void = () => undefined,
    private readonly lostAfterMs = LOST_AFTER_MS,
  ) {}

  push(frame: T): void {
    this.newest = frame;
    if (this.outstanding >= this.maxOutstanding) {
      this.waiting = frame;
      this.lostTimer ??= setTimeout(() => this.lost(), this.lostAfterMs);
      return;
    }
    this.outstanding++;
    this.deliver(frame);
  }

  /** The consumer finished with one frame it was given: hand over the one waiting, if any. */
  drawn(): void {
    this.clearLostTimer();
    this.outstanding = Math.max(0, this.outstanding - 1);
    this.sendWaiting();
  }

  /**
   * Forgets the frames out, e.g. when the consumer was replaced or their way to it closed, so it will
   * never answer for them, and sends the newest frame again: a page that does not change sends no
   * other, and the consumer would show nothing.
   */
  reset(): void {
    this.clearLostTimer();
    this.outstanding = 0;
    this.waiting = undefined;
    if (this.newest !== undefined) {
      this.push(this.newest);
    }
  }

  /** Stops waiting for answers (the tile is gone). */
  dispose(): void {
    this.clearLostTimer();
  }

  private lost(): void {
    this.lostTimer = undefined;
    if (this.waiting !== undefined) {
      this.onLost();
      this.reset();
    }
  }

  private clearLostTimer(): void {
    clearTimeout(this.lostTimer);
    this.lostTimer = undefined;
  }

  private sendWaiting(): void {
    const next = this.waiting;
    this.waiting = undefined;
    if (next !== undefined) {
      this.push(next);
    }
  }
}
