import type { CdpClient } from './target/cdpChannel';
import { DisposableStore, IDisposable } from './disposable';
import { Emitter } from './events';
import { onCdpEvent } from './puppeteerEvents';
import type { PagePace } from './target/pagePace';
import type { PageTarget } from './target/pageTarget';
import { ThumbnailPoller } from './thumbnailPoller';

export interface ScreencastFrame {
  /** The JPEG, base64 as CDP sends it: decoded only if the consumer wants bytes. */
  readonly data: string;
  /** The CSS viewport the frame shows (it may be drawn smaller than this). */
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** This frame's number among all the page has sent (from 1): a gap downstream is a frame skipped. */
  readonly sequence: number;
}

export interface ScreencastRequest {
  /** The largest frame wanted, in device pixels (what the tile covers on screen). */
  readonly maxWidth: number;
  readonly maxHeight: number;
  /** A thumbnail: at most this many frames a second. Unset: live, as fast as the page paints. */
  readonly maxFps?: number;
}

const JPEG_QUALITY = 80;

/**
 * The picture of one page: live (`Page.startScreencast`) or as a thumbnail (ThumbnailPoller). Live
 * frames are acknowledged the moment they arrive: Chromium keeps at most three unacknowledged and a
 * late ack lowers its rate, so pacing towards a slow consumer is done downstream (LatestFrameGate).
 *
 * show / hide only say what is wanted; one loop at a time brings the browser there, so changes land
 * in the order they were asked (a hide right after a show stops the stream the show started, instead
 * of its stop reaching the browser before the show's start).
 */
export class Screencast implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly frames = this.store.add(new Emitter<ScreencastFrame>());
  /** What the canvas asks for now. */
  private wanted: ScreencastRequest | undefined;
  /** What the browser is doing (or has been asked to do). */
  private running: ScreencastRequest | undefined;
  private settling: Promise<void> | undefined;
  private thumbnail: ThumbnailPoller | undefined;
  private sequence = 0;

  readonly onFrame = this.frames.event;

  constructor(
    private readonly client: CdpClient,
    /** The page's pace: a thumbnail's captures wake a frozen page for just as long as they take. */
    private readonly pace: Pick<PagePace, 'awake'> | undefined,
    /** Where the sends nobody awaits report a failure: an ack, a stop on dispose, a thumbnail's capture. */
    private readonly failures: Pick<PageTarget, 'warnUnlessClosed'>,
  ) {
    const ackFailed = failures.warnUnlessClosed("an ack of the page's screencast frame");
    this.store.add(
      onCdpEvent(client, 'Page.screencastFrame', (event) => {
        void client.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(ackFailed);
        if (!this.running || this.running.maxFps) {
          return; // sent before a stop (or by another stream on the same session) and delivered after it
        }
        const { deviceWidth, deviceHeight } = event.metadata;
        this.frames.fire({ data: event.data, pageWidth: deviceWidth, pageHeight: deviceHeight, sequence: ++this.sequence });
      }),
    );
  }

  get streaming(): boolean {
    return this.wanted !== undefined;
  }

  /** Streams frames as asked. A new size or rate restarts the stream, as Chromium fixes them at start. */
  show(request: ScreencastRequest): Promise<void> {
    this.wanted = request;
    return this.settle();
  }

  /** Stops streaming; the consumer keeps showing the last frame. */
  hide(): Promise<void> {
    this.wanted = undefined;
    return this.settle();
  }

  /** Resolves once the browser does what is wanted, including anything asked while this runs. */
  private settle(): Promise<void> {
    if (this.store.isDisposed || (!this.settling && sameRequest(this.running, this.wanted))) {
      return Promise.resolve();
    }
    this.settling ??= this.changeUntilSettled();
    return this.settling;
  }

  private async changeUntilSettled(): Promise<void> {
    try {
      while (!this.store.isDisposed && !sameRequest(this.running, this.wanted)) {
        const next = this.wanted;
        await this.stop();
        if (next) {
          await this.start(next);
        }
      }
    } finally {
      this.settling = undefined; // at once after the last check: a change asked later starts a new loop
    }
  }

  private async start(request: ScreencastRequest): Promise<void> {
    this.running = request; // before the send: a dispose meanwhile must know to stop it
    if (request.maxFps) {
      this.thumbnail = new ThumbnailPoller(this.client, { maxWidth: request.maxWidth, maxHeight: request.maxHeight, fps: request.maxFps, quality: JPEG_QUALITY }, (frame) =>
        this.frames.fire({ ...frame, sequence: ++this.sequence }),
        this.failures.warnUnlessClosed('a thumbnail capture'),
        this.pace && ((capture) => this.pace!.awake(capture, 0)),
      );
    } else {
      await this.client.send('Page.startScreencast', { format: 'jpeg', quality: JPEG_QUALITY, maxWidth: request.maxWidth, maxHeight: request.maxHeight });
    }
  }

  private async stop(): Promise<void> {
    const current = this.running;
    this.running = undefined;
    this.thumbnail?.dispose();
    this.thumbnail = undefined;
    if (current && !current.maxFps) {
      await this.client.send('Page.stopScreencast');
    }
  }

  dispose(): void {
    this.thumbnail?.dispose();
    if (this.running && !this.running.maxFps) {
      void this.client.send('Page.stopScreencast').catch(this.failures.warnUnlessClosed("a stop of the page's screencast"));
    }
    this.wanted = this.running = undefined;
    this.store.dispose();
  }
}

function sameRequest(a: ScreencastRequest | undefined, b: ScreencastRequest | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.maxWidth === b.maxWidth && a.maxHeight === b.maxHeight && a.maxFps === b.maxFps);
}
