// Screencast frames: decode JPEGs off the main thread, keep only the newest bitmap per tile, show all
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
  /** Arrival order here, across tiles: decodes may finish out of order. */
  readonly arrival: number;
}

export class FrameRenderer {
  private readonly pending = new Map<string, DecodedFrame>();
  /** Per tile, the arrival of the newest frame shown or waiting, so late decodes are dropped. */
  private readonly newest = new Map<string, number>();
  private arrivals = 0;
  private animationFrame: number | undefined;

  constructor(
    private readonly tileById: (tileId: string) => TileView | undefined,
    private readonly layer: Layer,
    private readonly acknowledge: (tileId: string) => void,
  ) {}

  receive(message: FrameMessage): void {
    const arrival = ++this.arrivals;
    const { sequence } = message;
    const pageSize = { width: message.pageWidth, height: message.pageHeight };
    createImageBitmap(new Blob([jpegBytes(message.data)], { type: 'image/jpeg' })).then(
      (bitmap) => this.accept(message.tileId, { bitmap, pageSize, sequence, arrival }),
      (error: unknown) => {
        console.error(`Browser Canvas: a frame for tile ${message.tileId} did not decode`, error);
        this.acknowledge(message.tileId);
      },
    );
  }

  /** Forgets a tile that went away, closing its undrawn bitmap. */
  forget(tileId: string): void {
    this.pending.get(tileId)?.bitmap.close();
    this.pending.delete(tileId);
    this.newest.delete(tileId);
  }

  dispose(): void {
    if (this.animationFrame !== undefined) {
      cancelAnimationFrame(this.animationFrame);
    }
    for (const tileId of [...this.pending.keys()]) {
      this.forget(tileId);
    }
  }

  private accept(tileId: string, frame: DecodedFrame): void {
    const superseded = !this.tileById(tileId) || (this.newest.get(tileId) ?? 0) > frame.arrival;
    if (superseded) {
      frame.bitmap.close();
      this.acknowledge(tileId);
      return;
    }
    const replaced = this.pending.get(tileId);
    if (replaced) {
      // Every frame is acknowledged once, drawn or not, so the host's count of frames in flight stays true.
      replaced.bitmap.close();
      this.acknowledge(tileId);
    }
    this.pending.set(tileId, frame);
    this.newest.set(tileId, frame.arrival);
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
