// Which tiles are on screen, and how many device pixels each page area covers: the host streams
// frames at that size for those tiles only, and nothing for the rest.
import type { Camera } from '../contract/protocol';
import { visibleWorldRect } from './camera';
import { debounce } from './debounce';
import { DEVICE_PIXEL_LIMITS, clamp } from '../contract/limits';
import type { Rect, Size } from './rect';
import { intersects } from './rect';

export interface VisibleTile {
  readonly tileId: string;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

export interface VisibleSet {
  readonly tiles: VisibleTile[];
  readonly pixelRatio: number;
}

function devicePixels(length: number, scale: number, pixelRatio: number): number {
  return clamp(Math.round(length * scale * pixelRatio), DEVICE_PIXEL_LIMITS.min, DEVICE_PIXEL_LIMITS.max);
}

export function visibleTiles(
  tiles: ReadonlyArray<{ readonly tileId: string; readonly rect: Rect }>,
  camera: Camera,
  viewport: Size,
  pixelRatio: number,
  focusedTileId: string | undefined,
): VisibleTile[] {
  const view = visibleWorldRect(camera, viewport);
  return tiles
    .filter((tile) => intersects(tile.rect, view))
    .map((tile) => ({
      tileId: tile.tileId,
      width: devicePixels(tile.rect.width, camera.scale, pixelRatio),
      height: devicePixels(tile.rect.height, camera.scale, pixelRatio),
      focused: tile.tileId === focusedTileId,
    }));
}

/** Posts the visible set after a quiet spell, and only when it differs from the last one posted. */
export class VisibilityReporter {
  private lastPosted = '';
  private readonly debounced = debounce(() => this.report(), 100);

  constructor(
    private readonly compute: () => VisibleSet,
    private readonly post: (visible: VisibleSet) => void,
  ) {}

  schedule(): void {
    this.debounced.schedule();
  }

  dispose(): void {
    this.debounced.cancel();
  }

  private report(): void {
    // A hidden panel shows nothing, so it asks for nothing.
    const visible = this.compute();
    const shown = document.visibilityState === 'hidden' ? { ...visible, tiles: [] } : visible;
    const key = JSON.stringify(shown);
    if (key !== this.lastPosted) {
      this.lastPosted = key;
      this.post(shown);
    }
  }
}
