// Numbers the host validates against, copied from protocol.ts (the webview imports that file for its
// types only, so its values never reach this bundle). Keep them in step with protocol.ts.

/** protocol.ts VIEWPORT_LIMITS: the page viewport sizes a tile may be resized to (CSS px). */
export const VIEWPORT_LIMITS = { minWidth: 200, minHeight: 150, maxWidth: 3840, maxHeight: 2160 } as const;

/** protocol.ts camera.scale range. */
export const SCALE_LIMITS = { min: 0.05, max: 8 } as const;

/** protocol.ts `coordinate`: every world coordinate the host accepts lies within ±this. */
export const COORDINATE_LIMIT = 100_000;

/** protocol.ts visibleTiles size range (device pixels). */
export const DEVICE_PIXEL_LIMITS = { min: 1, max: 16_384 } as const;

/** protocol.ts canvasLayout: at most this many tile rects. */
export const MAX_LAYOUT_TILES = 500;

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
