// Screencast frames on the canvas side: each tile's page image is handed to the frame worker
// (frameWorker.ts says why) on the tile's first frame, frames go to the worker as they come, and the
// worker's answers update the tile and tell the host each frame was handled so it sends the next.
import type { Layer } from 'konva/lib/Layer';
import frameWorkerSource from 'frame-worker-source';
import type { FrameMessage, FromFrameWorker, ToFrameWorker } from './frameWorkerProtocol';
import type { TileView } from './tile';

export class FrameRenderer {
  private readonly workerUrl = URL.createObjectURL(new Blob([frameWorkerSource], { type: 'text/javascript' }));
  private readonly worker = new Worker(this.workerUrl, { name: 'Browser Canvas frames' });
  /** The page image each tile has handed to the worker (a tile made again has a new one). */
  private readonly attached = new Map<string, HTMLCanvasElement>();

  constructor(
    private readonly tileById: (tileId: string) => TileView | undefined,
    private readonly layer: Layer,
    private readonly acknowledge: (tileId: string) => void,
  ) {
    this.worker.onmessage = ({ data }: MessageEvent<FromFrameWorker>) => this.handled(data);
    this.worker.onerror = (event) => console.error('Browser Canvas: the frame worker failed', event.message);
  }

  receive(message: FrameMessage): void {
    const tile = this.tileById(message.tileId);
    if (!tile) {
      this.acknowledge(message.tileId);
      return;
    }
    if (this.attached.get(message.tileId) !== tile.pageImage) {
      const canvas = tile.pageImage.transferControlToOffscreen();
      this.post({ type: 'attach', tileId: message.tileId, canvas }, [canvas]);
      this.attached.set(message.tileId, tile.pageImage);
    }
    this.post(message);
  }

  /** Forgets a tile that went away; frames of it still in the worker are dropped there. */
  forget(tileId: string): void {
    this.attached.delete(tileId);
    this.post({ type: 'forget', tileId });
  }

  dispose(): void {
    this.worker.terminate();
    URL.revokeObjectURL(this.workerUrl);
  }

  private post(message: ToFrameWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private handled(reply: FromFrameWorker): void {
    if (reply.type === 'shown' && this.tileById(reply.tileId)?.frameShown(reply)) {
      this.layer.batchDraw();
    }
    this.acknowledge(reply.tileId);
  }
}
