import type { CDPSession } from 'puppeteer-core';
import { DisposableStore, IDisposable } from './disposable';
import { Emitter } from './events';
import { onCdpEvent } from './puppeteerEvents';

export interface ScreencastFrame {
  /** JPEG bytes. */
  readonly data: Buffer;
  /** The CSS viewport the frame shows (it may be drawn smaller than this). */
  readonly pageWidth: number;
  readonly pageHeight: number;
}

const JPEG_QUALITY = 80;

/**
 * The screencast of one page. Frames are acknowledged the moment they arrive: Chromium keeps at most
 * three unacknowledged and a late ack lowers its rate, so pacing towards a slow consumer is done
 * downstream (LatestFrameGate), never by holding the ack.
 */
export class Screencast implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly frames = this.store.add(new Emitter<ScreencastFrame>());
  private size: { readonly width: number; readonly height: number } | undefined;

  readonly onFrame = this.frames.event;

  constructor(private readonly client: CDPSession) {
    this.store.add(
      onCdpEvent(client, 'Page.screencastFrame', (event) => {
        void client.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(() => undefined);
        const { deviceWidth, deviceHeight } = event.metadata;
        this.frames.fire({ data: Buffer.from(event.data, 'base64'), pageWidth: deviceWidth, pageHeight: deviceHeight });
      }),
    );
  }

  get streaming(): boolean {
    return this.size !== undefined;
  }

  /**
   * Streams frames at most `maxWidth` x `maxHeight` device pixels (what the tile covers on screen).
   * A new size restarts the stream, as Chromium fixes it at start.
   */
  async show(maxWidth: number, maxHeight: number): Promise<void> {
    if (this.size?.width === maxWidth && this.size.height === maxHeight) {
      return;
    }
    if (this.size) {
      await this.client.send('Page.stopScreencast');
    }
    this.size = { width: maxWidth, height: maxHeight };
    await this.client.send('Page.startScreencast', { format: 'jpeg', quality: JPEG_QUALITY, maxWidth, maxHeight });
  }

  /** Stops streaming; the consumer keeps showing the last frame. */
  async hide(): Promise<void> {
    if (!this.size) {
      return;
    }
    this.size = undefined;
    await this.client.send('Page.stopScreencast');
  }

  dispose(): void {
    if (this.size && this.client.connection()) {
      void this.client.send('Page.stopScreencast').catch(() => undefined);
    }
    this.size = undefined;
    this.store.dispose();
  }
}
