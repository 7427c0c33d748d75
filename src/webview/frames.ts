// Screencast frames on the canvas side: each tile's page image is handed to the frame worker
// (frameWorker.ts says why) as the tile appears, frames go to the worker as they come (or straight
// to it on the frame socket), and the worker's answers update the tile and tell the host each frame
// was handled so it sends the next.
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

  /** Lets the worker receive frames on the host's frame socket. */
  connect(url: string): void {
    this.post({ type: 'connect', url });
  }

  /** Hands the worker the page image of each tile that has not given it one (frames may come before a message would). */
  attach(tiles: Iterable<TileView>): void {
    for (const tile of tiles) {
      if (this.attached.get(tile.tileId) !== tile.pageImage) {
        const canvas = tile.pageImage.transferControlToOffscreen();
        this.post({ type: 'attach', tileId: tile.tileId, canvas }, [canvas]);
        this.attached.set(tile.tileId, tile.pageImage);
      }
    }
  }

  receive(message: FrameMessage): void {
    if (this.tileById(message.tileId)) {
      this.post(message);
    } else {
      this.acknowledge(message.tileId);
    }
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
    if (reply.transport !== 'socket') {
      this.acknowledge(reply.tileId); // the worker answered on the socket itself
    }
  }
}
