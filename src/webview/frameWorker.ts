// The frame worker: decodes each tile's JPEG frames and puts them on the tile's page image (a canvas
// handed over with transferControlToOffscreen), so neither the decode nor the drawing costs the
// webview's main thread, which in the web workbench is also the workbench's. A frame shown here
// reaches the screen without a main-thread commit: in software rendering each commit also copies
// every 2D canvas on screen.
//
// Per tile one frame decodes at a time and only the newest waits: a frame that would be replaced
// before it is shown is dropped before its decode, not after (measured: a fifth of the frames were
// decoded for nothing when every arrival started a decode). Every frame is answered once, shown or
// dropped, so the host's count of frames in flight stays true.
import type { FrameMessage, FromFrameWorker, ToFrameWorker } from './frameWorkerProtocol';

interface TileCanvas {
  readonly canvas: OffscreenCanvas;
  readonly context: ImageBitmapRenderingContext;
  queued?: FrameMessage;
  decoding: boolean;
}

const scope = self as unknown as { onmessage: ((event: MessageEvent<ToFrameWorker>) => void) | null; postMessage(message: FromFrameWorker): void };
const tiles = new Map<string, TileCanvas>();

scope.onmessage = ({ data: message }) => {
  switch (message.type) {
    case 'attach':
      tiles.set(message.tileId, { canvas: message.canvas, context: message.canvas.getContext('bitmaprenderer', { alpha: false })!, decoding: false });
      break;
    case 'forget':
      tiles.delete(message.tileId);
      break;
    case 'frame':
      receive(message);
      break;
  }
};

function receive(message: FrameMessage): void {
  const tile = tiles.get(message.tileId);
  if (tile?.queued || !tile) {
    scope.postMessage({ type: 'dropped', tileId: message.tileId });
  }
  if (tile) {
    tile.queued = message;
    void decodeNext(tile);
  }
}

async function decodeNext(tile: TileCanvas): Promise<void> {
  const message = tile.queued;
  if (!message || tile.decoding) {
    return;
  }
  tile.queued = undefined;
  tile.decoding = true;
  const { tileId, pageWidth, pageHeight, sequence } = message;
  try {
    const bitmap = await createImageBitmap(new Blob([jpegBytes(message.data)], { type: 'image/jpeg' }));
    if (tiles.get(tileId) !== tile) {
      bitmap.close();
      scope.postMessage({ type: 'dropped', tileId });
      return;
    }
    const { width, height } = bitmap;
    if (tile.canvas.width !== width || tile.canvas.height !== height) {
      tile.canvas.width = width;
      tile.canvas.height = height;
    }
    tile.context.transferFromImageBitmap(bitmap); // handed over, not copied
    scope.postMessage({ type: 'shown', tileId, width, height, pageWidth, pageHeight, sequence });
  } catch (error) {
    console.error(`Browser Canvas: a frame for tile ${tileId} did not decode`, error);
    scope.postMessage({ type: 'dropped', tileId });
  } finally {
    tile.decoding = false;
    void decodeNext(tile);
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
