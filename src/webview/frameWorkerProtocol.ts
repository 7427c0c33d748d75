// The messages between the canvas and its frame worker (frameWorker.ts), which decodes and shows the
// page images off the webview's main thread.
import type { FrameHeader } from '../contract/frameWire';
import type { FrameTransport, HostMessage } from '../contract/protocol';

export type FrameMessage = Extract<HostMessage, { type: 'frame' }>;

export type ToFrameWorker =
  /** Receive frames on the host's frame socket too (frameWire.ts), besides the ones passed on here. */
  | { readonly type: 'connect'; readonly url: string }
  /** From now on, frames for this tile go to this canvas (a tile's page image, handed over). */
  | { readonly type: 'attach'; readonly tileId: string; readonly canvas: OffscreenCanvas }
  | { readonly type: 'forget'; readonly tileId: string }
  | FrameMessage;

/**
 * A frame on a tile's canvas: its own pixel size, the CSS viewport it shows, the host's number for
 * it, and how it came.
 */
export interface ShownFrame extends Omit<FrameHeader, 'tileId'> {
  readonly width: number;
  readonly height: number;
  readonly transport: FrameTransport;
}

export type FromFrameWorker =
  | ({ readonly type: 'shown'; readonly tileId: string } & ShownFrame)
  /** A frame was replaced by a newer one before it was decoded, or its tile went away. */
  | { readonly type: 'dropped'; readonly tileId: string; readonly transport: FrameTransport };
