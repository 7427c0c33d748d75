// Shapes that the session layer (src/cdp) makes and the canvas shows, written once: the contract's
// messages are built from them, and src/cdp imports them as types only (checked by checkRooms.mjs).

/** Who acts on a session now: the developer (in a tile, a window) or an agent (through a tool door). */
export type Controller = 'developer' | 'agent';

/** A rectangle in page CSS pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A point in page CSS pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * What the canvas draws of one step of an action (an agent's tool or a flow's replay): the target's
 * box before it, a click's ripple, typed text or a key, a scroll.
 */
export interface StepMark {
  readonly kind: 'target' | 'click' | 'type' | 'key' | 'scroll';
  readonly box?: Box;
  readonly point?: Point;
  readonly text?: string;
}

/** What a tile's header and buttons show of its page. */
export interface PageState {
  readonly url: string;
  readonly title: string;
  readonly canGoBack: boolean;
  readonly canGoForward: boolean;
  /** The CSS viewport. */
  readonly width: number;
  readonly height: number;
  /** The page this one was opened from (popups, target=_blank). */
  readonly openerId?: string;
  /** The renderer crashed; a reload brings the page back. */
  readonly crashed: boolean;
  /** The page has not answered since it was attached (PageHealth.unanswered); a reload frees it. */
  readonly unanswered: boolean;
}

/** One entry of a `<select>`, as the canvas lists it. */
export interface SelectOption {
  readonly label: string;
  readonly disabled: boolean;
  readonly group?: string;
}

/** A `<select>` the developer pressed in a tile: its options and its box, for the canvas's own list. */
export interface SelectShape extends Box {
  readonly options: readonly SelectOption[];
  readonly selectedIndex: number;
}

export type DialogKind = 'alert' | 'confirm' | 'prompt' | 'beforeunload';

/** One entry of a session's timeline as the tile's strip lists it (src/cdp/timeline). */
export interface StripEntry {
  readonly seq: number;
  /** ISO time the action began. */
  readonly time: string;
  readonly actor: Controller;
  /** The agent client it came from ("mcp:claude-code"); none for the developer or the in-editor agent. */
  readonly client?: string;
  /** What was done, one line ("#12 developer clicked button "Pay" on /checkout"): page text, shown as text only. */
  readonly line: string;
  /** The element acted on, in page CSS px, and the viewport then: drawn over the thumbnail. */
  readonly target?: { readonly box: Box; readonly viewport: { readonly width: number; readonly height: number } };
  /** The page shortly after it, a JPEG as bytes (as base64 with the `base64` frame transport); none when no tile showed it. */
  readonly thumbnail?: Uint8Array | string;
}
