// The Konva stage: fills its container and holds one layer, in world space (transformed by the
// camera), with the grid at the bottom (held in screen space) and the tiles over it. Konva only draws
// here; pointer input is handled in DOM. Under the layer lie the page images, as DOM canvases in world
// space (TileView says why), seen through holes the tiles cut. One layer, as each 2D canvas on screen
// costs a copy of its pixels per frame the webview shows in software rendering, changed or not
// (traced here: ~0.7 ms of main thread per full-window canvas per frame).
import { element } from './dom';
import type { Camera } from '../contract/protocol';
import { GridView } from './grid';
import { Layer, Stage } from './konva';
import type { Size } from './rect';
import type { Theme } from './theme';

export class CanvasStage {
  readonly tilesLayer = new Layer({ listening: false });
  /** Holds each tile's page image; moved and scaled with the camera. */
  readonly framesWorld = element('div', 'frames-world');
  private readonly stage: Stage;
  private readonly grid: GridView;
  private readonly resizeObserver: ResizeObserver;
  private camera: Camera = { x: 0, y: 0, scale: 1 };

  constructor(
    readonly container: HTMLDivElement,
    private theme: Theme,
    onResize: () => void,
  ) {
    this.stage = new Stage({ container, width: container.clientWidth, height: container.clientHeight, listening: false });
    container.tabIndex = -1; // focusable by a click on empty canvas (see gestures.ts), not by Tab
    this.grid = new GridView(theme);
    this.tilesLayer.add(this.grid.shape);
    this.stage.add(this.tilesLayer);
    const frames = element('div', 'frames');
    frames.append(this.framesWorld);
    this.tilesLayer.getNativeCanvasElement().before(frames);
    this.resizeObserver = new ResizeObserver(() => {
      this.stage.size({ width: container.clientWidth, height: container.clientHeight });
      this.redrawGrid();
      onResize();
    });
    this.resizeObserver.observe(container);
  }

  get size(): Size {
    return { width: this.stage.width(), height: this.stage.height() };
  }

  applyCamera(camera: Camera): void {
    this.camera = camera;
    this.tilesLayer.position({ x: -camera.x * camera.scale, y: -camera.y * camera.scale });
    this.tilesLayer.scale({ x: camera.scale, y: camera.scale });
    this.framesWorld.style.transform = `translate(${-camera.x * camera.scale}px, ${-camera.y * camera.scale}px) scale(${camera.scale})`;
    // Undoes the camera for the grid, which draws in screen space.
    this.grid.shape.setAttrs({ x: camera.x, y: camera.y, scaleX: 1 / camera.scale, scaleY: 1 / camera.scale });
    this.redrawGrid();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.redrawGrid();
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.stage.destroy();
  }

  private redrawGrid(): void {
    this.grid.update(this.camera, this.size, this.theme);
    this.tilesLayer.batchDraw();
  }
}
