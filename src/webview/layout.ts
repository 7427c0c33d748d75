// Where new tiles go, and the layout snapshot the host saves (clamped to the ranges protocol.ts accepts).
import type { Camera, CanvasLayout, TileRect } from '../contract/protocol';
import { COORDINATE_LIMIT, HEADER_HEIGHT, MAX_LAYOUT_TILES, SCALE_LIMITS, VIEWPORT_LIMITS, clamp } from '../contract/limits';
import type { Rect, Size } from './rect';
import { inflate, intersects } from './rect';

/** World units kept free between tiles. */
export const TILE_GAP = 48;

function outer(rect: Rect): Rect {
  return { x: rect.x, y: rect.y - HEADER_HEIGHT, width: rect.width, height: rect.height + HEADER_HEIGHT };
}

/**
 * The page-area rect for a new tile of `size`: to the right of its opener, moving down while it overlaps
 * another tile; with no opener, the first free cell of a grid over the tiles, square-ish so that zoom
 * to fit still shows every tile at a useful size. `occupied` are page-area rects.
 */
export function placeTile(size: Size, occupied: readonly Rect[], opener?: Rect): Rect {
  if (occupied.length === 0) {
    return { x: 0, y: 0, ...size };
  }
  const blockers = (candidate: Rect) => occupied.filter((r) => intersects(inflate(outer(candidate), TILE_GAP / 2), inflate(outer(r), TILE_GAP / 2)));
  if (!opener) {
    const cell = {
      width: Math.max(size.width, ...occupied.map((r) => r.width)) + TILE_GAP,
      height: Math.max(size.height, ...occupied.map((r) => r.height)) + HEADER_HEIGHT + TILE_GAP,
    };
    const origin = { x: Math.min(...occupied.map((r) => r.x)), y: Math.min(...occupied.map((r) => r.y)) };
    const columns = Math.ceil(Math.sqrt(occupied.length + 1));
    // Every tile blocks at most a few cells, so a free one comes within occupied.length * 4 + 1 tries.
    for (let index = 0; ; index++) {
      const candidate = { x: origin.x + (index % columns) * cell.width, y: origin.y + Math.floor(index / columns) * cell.height, ...size };
      if (blockers(candidate).length === 0) {
        return candidate;
      }
    }
  }
  let candidate: Rect = { x: opener.x + opener.width + TILE_GAP, y: opener.y, ...size };
  for (;;) {
    const blocking = blockers(candidate);
    if (blocking.length === 0) {
      return candidate;
    }
    // Step below the lowest blocker: one step clears everything that overlapped this spot.
    candidate = { ...candidate, y: Math.max(...blocking.map((r) => r.y + r.height)) + TILE_GAP + HEADER_HEIGHT };
  }
}

function clampCoordinate(value: number): number {
  return clamp(value, -COORDINATE_LIMIT, COORDINATE_LIMIT);
}

export function clampTileSize(size: Size): Size {
  return {
    width: Math.round(clamp(size.width, VIEWPORT_LIMITS.minWidth, VIEWPORT_LIMITS.maxWidth)),
    height: Math.round(clamp(size.height, VIEWPORT_LIMITS.minHeight, VIEWPORT_LIMITS.maxHeight)),
  };
}

export function layoutSnapshot(camera: Camera, tiles: ReadonlyArray<readonly [string, Rect]>): CanvasLayout {
  const rects: Record<string, TileRect> = {};
  for (const [tileId, rect] of tiles.slice(0, MAX_LAYOUT_TILES)) {
    rects[tileId] = { x: clampCoordinate(rect.x), y: clampCoordinate(rect.y), ...clampTileSize(rect) };
  }
  return {
    camera: { x: clampCoordinate(camera.x), y: clampCoordinate(camera.y), scale: clamp(camera.scale, SCALE_LIMITS.min, SCALE_LIMITS.max) },
    tiles: rects,
  };
}
