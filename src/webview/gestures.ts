// Mouse and wheel on the canvas, routed by what is under the pointer: panning (empty canvas, space +
// drag, middle button), zooming (Ctrl/Cmd + wheel, pinch), moving and resizing tiles, header buttons,
// and input to pages. Konva only draws; hit testing is TileSet.hitAt on world coordinates.
import { headerActionLabel, isHeaderAction } from './headerButtons';
import type { Camera } from '../contract/protocol';
import { panBy, wheelZoomFactor, zoomAt } from './camera';
import { followDrag } from './drag';
import { clampTileSize } from './layout';
import type { PageMouse } from './pageMouse';
import type { Point } from './rect';
import type { TileHit } from './tileSet';
import type { TileView } from './tile';
import { headerTitleTooltip, type HeaderAction } from './tileHeader';

export interface GestureHost {
  readonly container: HTMLElement;
  readonly pageMouse: PageMouse;
  camera(): Camera;
  setCamera(camera: Camera): void;
  hitAt(stagePoint: Point): TileHit | undefined;
  focusedTile(): TileView | undefined;
  focusTile(tile: TileView | undefined, near?: Point): void;
  /** Moves or resizes a tile live; `resized` is set when a resize drag ends. */
  placeTile(tile: TileView, rect: TileView['rect'], resized?: boolean): void;
  raiseTile(tile: TileView): void;
  runHeaderAction(tile: TileView, action: HeaderAction): void;
  /** A click on the tile of a session with no page. */
  openPage(tile: TileView): void;
  isSpaceHeld(): boolean;
}

const CURSORS: Record<string, string> = { resize: 'nwse-resize', drag: 'grab', page: 'default', address: 'text' };

export class Gestures {
  /** The tile whose page owns the current press: it gets every move and release until all buttons are up. */
  private pressedPage: TileView | undefined;
  private readonly disposers: Array<() => void> = [];

  constructor(private readonly host: GestureHost) {
    const { container } = host;
    this.listen(container, 'mousedown', (event) => this.onMouseDown(event));
    this.listen(container, 'wheel', (event) => this.onWheel(event), { passive: false });
    this.listen(container, 'contextmenu', (event) => event.preventDefault());
    this.listen(window, 'mousemove', (event) => this.onMouseMove(event));
    this.listen(window, 'mouseup', (event) => this.onMouseUp(event));
  }

  dispose(): void {
    this.disposers.splice(0).forEach((dispose) => dispose());
  }

  private listen<K extends keyof WindowEventMap>(target: Window | HTMLElement, type: K, handler: (event: WindowEventMap[K]) => void, options?: AddEventListenerOptions): void {
    target.addEventListener(type, handler as EventListener, options);
    this.disposers.push(() => target.removeEventListener(type, handler as EventListener, options));
  }

  private stagePoint(event: MouseEvent): Point {
    const bounds = this.host.container.getBoundingClientRect();
    return { x: event.clientX - bounds.left, y: event.clientY - bounds.top };
  }

  private onMouseDown(event: MouseEvent): void {
    // No text selection or native focus change: the canvas decides where the keyboard goes. An open
    // text field (the address editor) still loses focus, which closes it; a focused page keeps it.
    event.preventDefault();
    if (document.activeElement instanceof HTMLInputElement) {
      document.activeElement.blur();
    }
    const hit = this.host.hitAt(this.stagePoint(event));
    if (event.button === 1 || (event.button === 0 && this.host.isSpaceHeld())) {
      this.pan(event);
    } else if (!hit) {
      if (event.button === 0) {
        this.host.focusTile(undefined); // clicking empty canvas takes the keyboard back
        // The press's default is prevented (no native focus change), so the webview takes the focus
        // itself: when it was elsewhere in the editor, the canvas's keys would not reach it.
        this.host.container.focus({ preventScroll: true });
        this.pan(event);
      }
    } else if (hit.target === 'page') {
      this.host.focusTile(hit.tile, { x: event.clientX, y: event.clientY });
      this.pressedPage = hit.tile;
      this.host.pageMouse.press(hit.tile.tileId, event);
    } else if (hit.target === 'newPage') {
      if (event.button === 0) {
        this.host.openPage(hit.tile);
      }
    } else if (event.button === 0) {
      this.host.raiseTile(hit.tile);
      if (hit.target === 'drag' || hit.target === 'resize') {
        this.dragTile(event, hit.tile, hit.target === 'resize');
      } else {
        this.clickHeader(event, hit.tile, hit.target);
      }
    }
  }

  private onMouseMove(event: MouseEvent): void {
    if (this.pressedPage) {
      this.host.pageMouse.move(this.pressedPage.tileId, event);
      return;
    }
    if (event.buttons !== 0) {
      return; // a canvas drag is under way; followDrag handles it
    }
    const hit = event.target instanceof Node && this.host.container.contains(event.target) ? this.host.hitAt(this.stagePoint(event)) : undefined;
    this.host.container.style.cursor = hit ? (CURSORS[hit.target] ?? 'pointer') : this.host.isSpaceHeld() ? 'grab' : 'default';
    const tooltip = !hit ? '' : hit.target === 'newPage' ? 'Open a New Page' : isHeaderAction(hit.target) ? headerActionLabel(hit.target, hit.tile.info) : hit.target === 'drag' ? headerTitleTooltip(hit.tile.info) : '';
    if (this.host.container.title !== tooltip) {
      this.host.container.title = tooltip; // the drawn buttons' names, as the editor's own buttons have
    }
    const focused = this.host.focusedTile();
    if (focused && hit?.tile === focused && hit.target === 'page') {
      this.host.pageMouse.move(focused.tileId, event);
    }
  }

  private onMouseUp(event: MouseEvent): void {
    if (this.pressedPage) {
      this.host.pageMouse.release(this.pressedPage.tileId, event);
      if (event.buttons === 0) {
        this.pressedPage = undefined;
      }
    }
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const point = this.stagePoint(event);
    const camera = this.host.camera();
    if (event.ctrlKey || event.metaKey) {
      this.host.setCamera(zoomAt(camera, point, camera.scale * wheelZoomFactor(event.deltaY, event.deltaMode)));
      return;
    }
    const hit = this.host.hitAt(point);
    if (hit?.target === 'page') {
      this.host.pageMouse.wheel(hit.tile.tileId, event);
    } else {
      this.host.setCamera(panBy(camera, { x: -event.deltaX, y: -event.deltaY }));
    }
  }

  private pan(start: MouseEvent): void {
    const from = this.host.camera();
    const { style } = this.host.container;
    style.cursor = 'grabbing';
    followDrag(start, (delta) => this.host.setCamera(panBy(from, delta)), () => (style.cursor = 'default'));
  }

  private dragTile(start: MouseEvent, tile: TileView, resize: boolean): void {
    const from = tile.rect;
    const { scale } = this.host.camera();
    followDrag(
      start,
      (delta) => {
        const moved = { x: delta.x / scale, y: delta.y / scale };
        const rect = resize
          ? { ...from, ...clampTileSize({ width: from.width + moved.x, height: from.height + moved.y }) }
          : { ...from, x: from.x + moved.x, y: from.y + moved.y };
        this.host.placeTile(tile, rect);
      },
      () => this.host.placeTile(tile, tile.rect, resize && (tile.rect.width !== from.width || tile.rect.height !== from.height)),
    );
  }

  /** A header button acts on release, and only if the pointer is still on it (as buttons do). */
  private clickHeader(start: MouseEvent, tile: TileView, action: HeaderAction): void {
    followDrag(start, () => undefined, (end) => {
      const hit = this.host.hitAt(this.stagePoint(end));
      if (hit?.tile === tile && hit.target === action) {
        this.host.runHeaderAction(tile, action);
      }
    });
  }
}

