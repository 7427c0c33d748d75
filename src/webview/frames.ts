// Screencast frames: decode JPEGs off the main thread, keep only the newest frame per tile, show all
// new ones in one animation frame (each in its tile's own page image), then tell the host each frame
// was handled so it sends the next.
import type { Layer } from 'konva/lib/Layer';
import type { HostMessage } from './protocol';
import type { Size } from './rect';
import type { TileView } from './tile';

type FrameMessage = Extract<HostMessage, { type: 'frame' }>;

interface DecodedFrame {
  readonly bitmap: ImageBitmap;
  readonly pageSize: Size;
  /** The host's number for the frame (see HostMessage 'frame'). */
  readonly sequence: number;
}

/**
 * Per tile, one frame decodes at a time and only the newest one waits to: a frame that would be
 * replaced before it is drawn is dropped before its decode, not after (measured: a fifth of the
 * frames were decoded for nothing when every arrival started a decode). Decodes of one tile thus end
 * in order; each frame is acknowledged once, drawn or dropped, so the host's count stays true.
 */
export class FrameRenderer {
  /** The newest frame per tile not yet decoding. */
  private readonly queued = new Map<string, FrameMessage>();
  private readonly decoding = new Set<string>();
  /** Decoded frames waiting for the next animation frame. */
  private readonly pending = new Map<string, DecodedFrame>();
  private animationFrame: number | undefined;

  constructor(
    private readonly tileById: (tileId: string) => TileView | undefined,
    private readonly layer: Layer,
    private readonly acknowledge: (tileId: string) => void,
  ) {}

  receive(message: FrameMessage): void {
    if (this.queued.has(message.tileId)) {
      this.acknowledge(message.tileId);
    }
    this.queued.set(message.tileId, message);
    this.decodeNext(message.tileId);
  }

  /** Forgets a tile that went away, closing its undrawn bitmap. */
  forget(tileId: string): void {
    this.queued.delete(tileId);
    this.pending.get(tileId)?.bitmap.close();
    this.pending.delete(tileId);
  }

  dispose(): void {
    if (this.animationFrame !== undefined) {
      cancelAnimationFrame(this.animationFrame);
    }
    for (const tileId of [...this.pending.keys(), ...this.queued.keys()]) {
      this.forget(tileId);
    }
  }

  private decodeNext(tileId: string): void {
    const message = this.queued.get(tileId);
    if (!message || this.decoding.has(tileId)) {
      return;
    }
    this.queued.delete(tileId);
    this.decoding.add(tileId);
    const done = () => {
      this.decoding.delete(tileId);
      this.decodeNext(tileId);
    };
    createImageBitmap(new Blob([jpegBytes(message.data)], { type: 'image/jpeg' })).then(
      (bitmap) => {
        this.accept(tileId, { bitmap, pageSize: { width: message.pageWidth, height: message.pageHeight }, sequence: message.sequence });
        done();
      },
      (error: unknown) => {
        console.error(`Browser Canvas: a frame for tile ${tileId} did not decode`, error);
        this.acknowledge(tileId);
        done();
      },
    );
  }

  private accept(tileId: string, frame: DecodedFrame): void {
    if (!this.tileById(tileId)) {
      frame.bitmap.close();
      this.acknowledge(tileId);
      return;
    }
    const replaced = this.pending.get(tileId);
    if (replaced) {
      replaced.bitmap.close();
      this.acknowledge(tileId);
    }
    this.pending.set(tileId, frame);
    this.animationFrame ??= requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.animationFrame = undefined;
    const drawn: string[] = [];
    let redraw = false;
    for (const [tileId, frame] of this.pending) {
      const tile = this.tileById(tileId);
      if (tile) {
        redraw = tile.showFrame(frame.bitmap, frame.pageSize, frame.sequence) || redraw;
        drawn.push(tileId);
      }
      frame.bitmap.close();
    }
    this.pending.clear();
    if (redraw) {
      this.layer.draw();
    }
    drawn.forEach((tileId) => this.acknowledge(tileId));
  }
}

/** Native base64 decoding (Chromium 140+), much cheaper than atob and a loop; absent in older hosts. */
const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64;

/** A frame's JPEG as bytes, from either transport. */
function jpegBytes(data: Uint8Array | string): Uint8Array<ArrayBuffer> {
  if (typeof data !== 'string') {
    return data as Uint8Array<ArrayBuffer>;
  }
  if (fromBase64) {
    return fromBase64(data);
  }
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}
