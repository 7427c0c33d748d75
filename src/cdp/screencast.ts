import type { CdpClient } from './target/cdpChannel';
import { DisposableStore, IDisposable } from './disposable';
import { Emitter } from './events';
import { onCdpEvent } from './puppeteerEvents';
import { ignoreClosed } from './target/targetClosedError';
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
 */
export class Screencast implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly frames = this.store.add(new Emitter<ScreencastFrame>());
  private request: ScreencastRequest | undefined;
  private thumbnail: ThumbnailPoller | undefined;
  private sequence = 0;

  readonly onFrame = this.frames.event;

  constructor(private readonly client: CdpClient) {
    this.store.add(
      onCdpEvent(client, 'Page.screencastFrame', (event) => {
        void client.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(ignoreClosed);
        const { deviceWidth, deviceHeight } = event.metadata;
        this.frames.fire({ data: event.data, pageWidth: deviceWidth, pageHeight: deviceHeight, sequence: ++this.sequence });
      }),
    );
  }

  get streaming(): boolean {
    return this.request !== undefined;
  }

  /** Streams frames as asked. A new size or rate restarts the stream, as Chromium fixes them at start. */
  async show(request: ScreencastRequest): Promise<void> {
    const current = this.request;
    if (current?.maxWidth === request.maxWidth && current.maxHeight === request.maxHeight && current.maxFps === request.maxFps) {
      return;
    }
    this.request = request;
    await this.stop(current);
    if (request.maxFps) {
      this.thumbnail = new ThumbnailPoller(this.client, { maxWidth: request.maxWidth, maxHeight: request.maxHeight, fps: request.maxFps, quality: JPEG_QUALITY }, (frame) =>
        this.frames.fire({ ...frame, sequence: ++this.sequence }),
      );
    } else {
      await this.client.send('Page.startScreencast', { format: 'jpeg', quality: JPEG_QUALITY, maxWidth: request.maxWidth, maxHeight: request.maxHeight });
    }
  }

  /** Stops streaming; the consumer keeps showing the last frame. */
  async hide(): Promise<void> {
    const current = this.request;
    this.request = undefined;
    await this.stop(current);
  }

  private async stop(current: ScreencastRequest | undefined): Promise<void> {
    this.thumbnail?.dispose();
    this.thumbnail = undefined;
    if (current && !current.maxFps) {
      await this.client.send('Page.stopScreencast');
    }
  }

  dispose(): void {
    this.thumbnail?.dispose();
    if (this.request && !this.request.maxFps) {
      void this.client.send('Page.stopScreencast').catch(ignoreClosed);
    }
    this.request = undefined;
    this.store.dispose();
  }
}
