import type { CdpClient } from './target/cdpChannel';
import type { IDisposable } from './disposable';

export interface CapturedFrame {
  /** The JPEG, base64. */
  readonly data: string;
  readonly pageWidth: number;
  readonly pageHeight: number;
}

/** After this many captures without a change the page is taken to be still, and polled once a second. */
const STILL_AFTER = 3;
const STILL_INTERVAL_MS = 1000;

/**
 * A slow, small picture of a page: one `Page.captureScreenshot` of its visible viewport at a time.
 * Measured here (RECIPES), a paced screencast still captures every frame the page paints and took
 * two thirds of the focused tile's rate; polling captures costs only what it takes. A still page is
 * polled less often, and an unchanged picture is not passed on.
 */
export class ThumbnailPoller implements IDisposable {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private previous: string | undefined;
  private unchanged = 0;

  constructor(
    private readonly client: CdpClient,
    private readonly size: { readonly maxWidth: number; readonly maxHeight: number; readonly fps: number; readonly quality: number },
    private readonly onFrame: (frame: CapturedFrame) => void,
    /** A capture failed (the page closing among them): polling goes on, slowly, until disposed. */
    private readonly onFailure: (error: unknown) => void,
    /** Runs a capture on a running page (a page frozen between thumbnails is woken for each: PagePace). */
    private readonly awake: <T>(capture: () => Promise<T>) => Promise<T> = (capture) => capture(),
  ) {
    void this.tick();
  }

  private async tick(): Promise<void> {
    const started = performance.now();
    try {
      const frame = await this.awake(() => this.capture());
      if (this.stopped) {
        return;
      }
      const changed = frame.data !== this.previous;
      this.unchanged = changed ? 0 : this.unchanged + 1;
      this.previous = frame.data;
      if (changed) {
        this.onFrame(frame);
      }
    } catch (error) {
      this.unchanged = STILL_AFTER; // try again slowly, or stop with the page
      this.onFailure(error);
    }
    if (!this.stopped) {
      const interval = this.unchanged >= STILL_AFTER ? STILL_INTERVAL_MS : 1000 / this.size.fps;
      this.timer = setTimeout(() => void this.tick(), Math.max(0, interval - (performance.now() - started)));
    }
  }

  private async capture(): Promise<CapturedFrame> {
    const { cssVisualViewport: view } = await this.client.send('Page.getLayoutMetrics');
    const scale = Math.min(1, this.size.maxWidth / view.clientWidth, this.size.maxHeight / view.clientHeight);
    const { data } = await this.client.send('Page.captureScreenshot', {
      format: 'jpeg',
      quality: this.size.quality,
      optimizeForSpeed: true,
      // In document coordinates: what is on screen is where the page is scrolled to.
      clip: { x: view.pageX, y: view.pageY, width: view.clientWidth, height: view.clientHeight, scale },
    });
    return { data, pageWidth: Math.round(view.clientWidth), pageHeight: Math.round(view.clientHeight) };
  }

  dispose(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
