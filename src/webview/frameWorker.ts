// The frame worker: decodes each tile's JPEG frames and puts them on the tile's page image (a canvas
// handed over with transferControlToOffscreen), so neither the decode nor the drawing costs the
// webview's main thread, which in the web workbench is also the workbench's. A frame shown here
// reaches the screen without a main-thread commit: in software rendering each commit also copies
// every 2D canvas on screen.
//
// Per tile one frame decodes at a time and only the newest waits: a frame that would be replaced
// before it is shown is dropped before its decode, not after (measured: a fifth of the frames were
// decoded for nothing when every arrival started a decode). Every frame is answered once, shown or
// dropped, so the host's count of frames in flight stays true: the canvas answers frames that came
// as messages, the worker those that came on the frame socket, on the socket.
import { decodeFrame } from '../contract/frameWire';
import type { FrameMessage, FromFrameWorker, ToFrameWorker } from './frameWorkerProtocol';
import type { FrameTransport } from '../contract/protocol';

/** A frame to show, with how it came and, for a frame from the frame socket, the connection that brought it. */
type Frame = Pick<FrameMessage, 'tileId' | 'data' | 'pageWidth' | 'pageHeight' | 'sequence'> & { readonly transport: FrameTransport; readonly via?: WebSocket };

interface TileCanvas {
  readonly canvas: OffscreenCanvas;
  readonly context: ImageBitmapRenderingContext;
  queued?: Frame;
  decoding: boolean;
}

const scope = self as unknown as { onmessage: ((event: MessageEvent<ToFrameWorker>) => void) | null; postMessage(message: FromFrameWorker): void };
const tiles = new Map<string, TileCanvas>();
let frameSocket: WebSocket | undefined;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
/** After a socket closes, tries again after 1 s, doubling to 30 s while it cannot connect. */
const RECONNECT_MS = { first: 1000, most: 30_000 };

scope.onmessage = ({ data: message }) => {
  switch (message.type) {
    case 'connect':
      connect(message.url);
      break;
    case 'attach':
      tiles.set(message.tileId, { canvas: message.canvas, context: message.canvas.getContext('bitmaprenderer', { alpha: false })!, decoding: false });
      break;
    case 'forget':
      tiles.delete(message.tileId);
      break;
    case 'frame':
      receive({ ...message, transport: typeof message.data === 'string' ? 'base64' : 'binary' });
      break;
  }
};

/**
 * Frames on the host's frame socket. While it is closed the host sends them as messages; a socket
 * that went (a dropped tunnel, one the host found dead) is tried again.
 */
function connect(url: string, retryInMs = RECONNECT_MS.first): void {
  clearTimeout(reconnectTimer);
  if (frameSocket) {
    frameSocket.onclose = null;
    frameSocket.close();
  }
  const socket = (frameSocket = new WebSocket(url));
  socket.binaryType = 'arraybuffer';
  let opened = false;
  socket.onopen = () => {
    opened = true;
  };
  socket.onmessage = ({ data }: MessageEvent<ArrayBuffer | string>) => {
    const frame = typeof data === 'string' ? undefined : decodeFrame(data);
    if (frame) {
      receive({ ...frame, transport: 'socket', via: socket });
    } else {
      console.error('Browser Canvas: the frame socket sent something that is not a frame');
    }
  };
  socket.onclose = ({ code }) => {
    if (opened) {
      console.warn(`Browser Canvas: the frame socket closed (${code}); frames come as messages until it is back`);
    }
    const wait = opened ? RECONNECT_MS.first : retryInMs;
    reconnectTimer = setTimeout(() => connect(url, Math.min(wait * 2, RECONNECT_MS.most)), wait);
  };
}

function receive(message: Frame): void {
  const tile = tiles.get(message.tileId);
  if (!tile) {
    drop(message);
    return;
  }
  if (tile.queued) {
    drop(tile.queued);
  }
  tile.queued = message;
  void decodeNext(tile);
}

/** Tells the canvas, and the host the way the frame came, that a frame was handled. */
function answer(frame: Frame, reply: FromFrameWorker): void {
  scope.postMessage(reply);
  // Only the connection that brought the frame counts it; a closed one's frames were forgotten with it.
  if (frame.via?.readyState === WebSocket.OPEN) {
    frame.via.send(JSON.stringify({ type: 'frameDrawn', tileId: frame.tileId }));
  }
}

function drop(frame: Frame): void {
  answer(frame, { type: 'dropped', tileId: frame.tileId, transport: frame.transport });
}

async function decodeNext(tile: TileCanvas): Promise<void> {
  const message = tile.queued;
  if (!message || tile.decoding) {
    return;
  }
  tile.queued = undefined;
  tile.decoding = true;
  const { tileId, pageWidth, pageHeight, sequence, transport } = message;
  try {
    const bitmap = await createImageBitmap(new Blob([jpegBytes(message.data)], { type: 'image/jpeg' }));
    if (tiles.get(tileId) !== tile) {
      bitmap.close();
      drop(message);
      return;
    }
    const { width, height } = bitmap;
    if (tile.canvas.width !== width || tile.canvas.height !== height) {
      tile.canvas.width = width;
      tile.canvas.height = height;
    }
    tile.context.transferFromImageBitmap(bitmap); // handed over, not copied
    answer(message, { type: 'shown', tileId, width, height, pageWidth, pageHeight, sequence, transport });
  } catch (error) {
    console.error(`Browser Canvas: a frame for tile ${tileId} did not decode`, error);
    drop(message);
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
