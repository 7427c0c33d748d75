// Which tiles are on screen, and how many device pixels each page area covers: the host streams
// frames at that size for those tiles only, and nothing for the rest.
import type { Camera } from './protocol';
import { visibleWorldRect } from './camera';
import { debounce } from './debounce';
import { DEVICE_PIXEL_LIMITS, clamp } from './limits';
import type { Rect, Size } from './rect';
import { intersects } from './rect';

export interface VisibleTile {
  readonly tileId: string;
  readonly width: number;
  readonly height: number;
}

function devicePixels(length: number, scale: number, pixelRatio: number): number {
  return clamp(Math.round(length * scale * pixelRatio), DEVICE_PIXEL_LIMITS.min, DEVICE_PIXEL_LIMITS.max);
}

export function visibleTiles(
  tiles: ReadonlyArray<{ readonly tileId: string; readonly rect: Rect }>,
  camera: Camera,
  viewport: Size,
  pixelRatio: number,
): VisibleTile[] {
  const view = visibleWorldRect(camera, viewport);
  return tiles
    .filter((tile) => intersects(tile.rect, view))
    .map((tile) => ({
      tileId: tile.tileId,
      width: devicePixels(tile.rect.width, camera.scale, pixelRatio),
      height: devicePixels(tile.rect.height, camera.scale, pixelRatio),
    }));
}

/** Posts the visible set after a quiet spell, and only when it differs from the last one posted. */
export class VisibilityReporter {
  private lastPosted = '';
  private readonly debounced = debounce(() => this.report(), 100);

  constructor(
    private readonly compute: () => VisibleTile[],
    private readonly post: (tiles: VisibleTile[]) => void,
  ) {}

  schedule(): void {
    this.debounced.schedule();
  }

  dispose(): void {
    this.debounced.cancel();
  }

  private report(): void {
    // A hidden panel shows nothing, so it asks for nothing.
    const tiles = document.visibilityState === 'hidden' ? [] : this.compute();
    const key = JSON.stringify(tiles);
    if (key !== this.lastPosted) {
      this.lastPosted = key;
      this.post(tiles);
    }
  }
}
