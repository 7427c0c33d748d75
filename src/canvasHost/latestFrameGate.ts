/**
 * Flow control towards a consumer slower than the producer (the webview drawing screencast frames):
 * at most `maxOutstanding` frames are out for drawing; while they are, each new frame replaces the one
 * waiting, so a slow consumer sees the newest picture and the queue never grows. More than one out
 * hides the round trip to the consumer (the webview answers each frame only once it has drawn it).
 */
export class LatestFrameGate<T> {
  private waiting: T | undefined;
  /** The newest frame pushed: what a consumer that lost the frames out must be given again. */
  private newest: T | undefined;
  private outstanding = 0;

  constructor(
    private readonly deliver: (frame: T) => void,
    private readonly maxOutstanding = 1,
  ) {}

  push(frame: T): void {
    this.newest = frame;
    if (this.outstanding >= this.maxOutstanding) {
      this.waiting = frame;
      return;
    }
    this.outstanding++;
    this.deliver(frame);
  }

  /** The consumer finished with one frame it was given: hand over the one waiting, if any. */
  drawn(): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    this.sendWaiting();
  }

  /**
   * Forgets the frames out, e.g. when the consumer was replaced or their way to it closed, so it will
   * never answer for them, and sends the newest frame again: a page that does not change sends no
   * other, and the consumer would show nothing.
   */
  reset(): void {
    this.outstanding = 0;
    this.waiting = undefined;
    if (this.newest !== undefined) {
      this.push(this.newest);
    }
  }

  private sendWaiting(): void {
    const next = this.waiting;
    this.waiting = undefined;
    if (next !== undefined) {
      this.push(next);
    }
  }
}
