// Opens the overlays that belong to one tile (select list, dialog, address editor), anchored with
// camera math so they follow the tile, and turns the user's answers into messages for the host.
import { answerTo } from '../contract/requests';
import { createAddressEditor } from './overlays/addressEditor';
import { createDialog, type DialogRequest } from './overlays/dialog';
import type { Overlay, OverlayLayer } from './overlays/overlayLayer';
import { createSelectList, type SelectRequest } from './overlays/selectList';
import { pageBoxToWorld } from './pageSpace';
import type { Rect } from './rect';
import type { TileView } from './tile';
import type { Post } from './vscodeApi';

export interface TileOverlayHost {
  tile(tileId: string): TileView | undefined;
  worldRectToClient(rect: Rect): Rect;
  focusedTileId(): string | undefined;
  /** Gives the tile the keyboard back once its select list or dialog is answered. */
  refocus(tileId: string): void;
}

export class TileOverlays {
  constructor(
    private readonly layer: OverlayLayer,
    private readonly post: Post,
    private readonly host: TileOverlayHost,
  ) {}

  openSelect(request: SelectRequest): void {
    const { tileId } = request;
    const locate = () => this.clientRect(tileId, (tile) => pageBoxToWorld(tile, request));
    this.open('select', tileId, (done) =>
      createSelectList(request, locate, (index) => {
        this.post(answerTo(request, { index }));
        done();
      }),
    );
  }

  openDialog(request: DialogRequest): void {
    const { tileId } = request;
    this.open('dialog', tileId, (done) =>
      createDialog(request, () => this.clientRect(tileId, (tile) => tile.rect), (accept, promptText) => {
        this.post(answerTo(request, { accept, ...(promptText === undefined ? {} : { promptText }) }));
        done();
      }),
    );
  }

  editAddress(tile: TileView): void {
    const { tileId } = tile;
    this.layer.remove(this.layer.find('address'));
    const editor: Overlay = createAddressEditor(
      tileId,
      tile.info.url,
      () => this.clientRect(tileId, (current) => current.headerPartRect('address')),
      (url) => this.post({ type: 'navigate', tileId, url }),
      () => this.layer.remove(editor),
    );
    this.layer.add(editor);
  }

  /**
   * Replaces the tile's overlay of this kind with a new one. `done` removes it and, if the tile had the
   * keyboard when it opened, gives it back: answering a select or dialog returns to typing in the page.
   */
  private open(kind: 'select' | 'dialog', tileId: string, create: (done: () => void) => Overlay): void {
    if (!this.host.tile(tileId)) {
      return;
    }
    this.layer.remove(this.layer.find(kind, tileId));
    const hadKeyboard = this.host.focusedTileId() === tileId;
    const overlay = create(() => {
      this.layer.remove(overlay);
      if (hadKeyboard) {
        this.host.refocus(tileId);
      }
    });
    this.layer.add(overlay);
  }

  private clientRect(tileId: string, worldRect: (tile: TileView) => Rect): Rect | undefined {
    const tile = this.host.tile(tileId);
    return tile && this.host.worldRectToClient(worldRect(tile));
  }
}
