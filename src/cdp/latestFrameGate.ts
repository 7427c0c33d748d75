/**
 * Flow control towards a consumer slower than the producer (the webview drawing screencast frames):
 * at most one frame is out for drawing; while it is, each new frame replaces the one waiting, so a
 * slow consumer sees the newest picture and the queue never grows.
 */
export class LatestFrameGate<T> {
  private waiting: T | undefined;
  private outstanding = false;

  constructor(private readonly deliver: (frame: T) => void) {}

  push(frame: T): void {
    if (this.outstanding) {
      this.waiting = frame;
      return;
    }
    this.outstanding = true;
    this.deliver(frame);
  }

  /** The consumer finished with the frame it was given: hand over the one waiting, if any. */
  drawn(): void {
    const next = this.waiting;
    this.waiting = undefined;
    this.outstanding = next !== undefined;
    if (next !== undefined) {
      this.deliver(next);
    }
  }

  /** Forget everything, e.g. when the consumer was replaced and will never answer for its frame. */
  reset(): void {
    this.waiting = undefined;
    this.outstanding = false;
  }
}
