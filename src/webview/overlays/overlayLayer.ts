// DOM overlays drawn over the canvas (select lists, dialogs, the address editor, help). Each one knows
// how to place itself; the layer repositions them when the camera or tiles move and removes a tile's
// overlays when the tile goes away.
import { element } from '../dom';

export type OverlayKind = 'select' | 'dialog' | 'address' | 'help';

export interface Overlay {
  readonly kind: OverlayKind;
  readonly tileId?: string;
  readonly element: HTMLElement;
  /** Moves the overlay to where its anchor now is on screen. */
  reposition(): void;
  /** Removes listeners the overlay added outside its own element. */
  dispose?(): void;
}

export class OverlayLayer {
  readonly root = element('div', 'overlay-layer');
  private readonly overlays = new Set<Overlay>();

  add(overlay: Overlay): void {
    this.overlays.add(overlay);
    this.root.append(overlay.element);
    overlay.reposition();
  }

  remove(overlay: Overlay | undefined): void {
    if (overlay && this.overlays.delete(overlay)) {
      overlay.dispose?.();
      overlay.element.remove();
    }
  }

  find(kind: OverlayKind, tileId?: string): Overlay | undefined {
    return [...this.overlays].find((o) => o.kind === kind && (tileId === undefined || o.tileId === tileId));
  }

  repositionAll(): void {
    this.overlays.forEach((overlay) => overlay.reposition());
  }

  removeForTile(tileId: string): void {
    [...this.overlays].filter((o) => o.tileId === tileId).forEach((o) => this.remove(o));
  }
}
