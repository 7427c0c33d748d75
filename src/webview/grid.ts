// The background grid, drawn in screen space from the camera. Its spacing doubles or halves with the
// zoom so lines stay between MIN_GAP and 2 * MIN_GAP screen pixels apart and never get dense.
import type { Context } from 'konva/lib/Context';
import type { Camera } from '../contract/protocol';
import { Shape } from './konva';
import type { Size } from './rect';
import type { Theme } from './theme';

const BASE_SPACING = 32; // world units
const MIN_GAP = 24; // screen px
const MAJOR_EVERY = 4;

/** The world spacing whose screen gap lies in [MIN_GAP, 2 * MIN_GAP). */
export function gridSpacing(scale: number): number {
  let spacing = BASE_SPACING;
  while (spacing * scale < MIN_GAP) {
    spacing *= 2;
  }
  while (spacing * scale >= 2 * MIN_GAP) {
    spacing /= 2;
  }
  return spacing;
}

export class GridView {
  readonly shape: Shape;
  private camera: Camera = { x: 0, y: 0, scale: 1 };
  private size: Size = { width: 0, height: 0 };

  constructor(private theme: Theme) {
    this.shape = new Shape({ listening: false, sceneFunc: (context) => this.draw(context) });
  }

  update(camera: Camera, size: Size, theme: Theme): void {
    this.camera = camera;
    this.size = size;
    this.theme = theme;
  }

  private draw(context: Context): void {
    const { scale } = this.camera;
    const spacing = gridSpacing(scale);
    context.setAttr('lineWidth', 1);
    for (const major of [false, true]) {
      const step = major ? spacing * MAJOR_EVERY : spacing;
      context.beginPath();
      this.addLines(context, step, 'x', this.size.height);
      this.addLines(context, step, 'y', this.size.width);
      context.setAttr('strokeStyle', major ? this.theme.gridMajor : this.theme.gridMinor);
      context.stroke();
    }
  }

  /** Adds one family of lines: constant world `axis` every `step`, spanning `length` screen px. */
  private addLines(context: Context, step: number, axis: 'x' | 'y', length: number): void {
    const origin = this.camera[axis];
    const extent = axis === 'x' ? this.size.width : this.size.height;
    for (let world = Math.floor(origin / step) * step; (world - origin) * this.camera.scale <= extent; world += step) {
      // Half-pixel offset keeps 1px lines crisp.
      const screen = Math.round((world - origin) * this.camera.scale) + 0.5;
      if (axis === 'x') {
        context.moveTo(screen, 0);
        context.lineTo(screen, length);
      } else {
        context.moveTo(0, screen);
        context.lineTo(length, screen);
      }
    }
  }
}
