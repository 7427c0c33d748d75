// The ranges of the host <-> webview contract, in one place: protocol.ts validates against them and
// the webview clamps to them. Plain values, so the webview can import them without zod.

/** The page viewport sizes a tile may be resized to (CSS px). */
export const VIEWPORT_LIMITS = { minWidth: 200, minHeight: 150, maxWidth: 3840, maxHeight: 2160 } as const;

/** Camera scale (screen px per page CSS px). */
export const SCALE_LIMITS = { min: 0.05, max: 8 } as const;

/** Every world or page coordinate the host accepts lies within ±this. */
export const COORDINATE_LIMIT = 100_000;

/** What a visible tile may cover on screen (device pixels). */
export const DEVICE_PIXEL_LIMITS = { min: 1, max: 16_384 } as const;

/** The webview's devicePixelRatio, as reported. */
export const PIXEL_RATIO_LIMITS = { min: 0.25, max: 8 } as const;

/** World units of a tile's header strip, above its page area. */
export const HEADER_HEIGHT = 32;

/** At most this many tiles in a saved layout or a visibleTiles message. */
export const MAX_LAYOUT_TILES = 500;

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A strip holds at most this many entries, the newest: a reply to `timelineRange` brings no more. */
export const STRIP_ENTRIES = 200;
