// The one contract between the extension host and the canvas webview.
// Host -> webview messages are plain types: the host is trusted. Webview -> host messages are zod
// schemas and their inferred types: the host parses every one of them and drops what does not fit.
// The webview imports this file with `import type` only, so zod stays out of its bundle; the ranges
// live in limits.ts, which both sides import.
import { z } from 'zod';
import { COORDINATE_LIMIT, DEVICE_PIXEL_LIMITS, MAX_LAYOUT_TILES, PIXEL_RATIO_LIMITS, SCALE_LIMITS, VIEWPORT_LIMITS } from './limits';
import type { Controller, DialogKind, PageState, SelectShape, StepMark, StripEntry } from './shapes';
import type { FrameHeader } from './frameWire';

export type { Controller, DialogKind, SelectOption, StripEntry } from './shapes';

/** Chromium target ids (32 hex) and our own ids stay well inside this. */
const tileId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const coordinate = z.number().finite().min(-COORDINATE_LIMIT).max(COORDINATE_LIMIT);
const modifiers = z.number().int().min(0).max(15); // CDP bit field: Alt=1, Ctrl=2, Meta=4, Shift=8
const size = (min: number, max: number) => z.number().int().min(min).max(max);
const devicePixels = size(DEVICE_PIXEL_LIMITS.min, DEVICE_PIXEL_LIMITS.max);
const requestId = size(0, 2 ** 31);

const tileRect = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: size(VIEWPORT_LIMITS.minWidth, VIEWPORT_LIMITS.maxWidth),
  height: size(VIEWPORT_LIMITS.minHeight, VIEWPORT_LIMITS.maxHeight),
});
export type TileRect = z.infer<typeof tileRect>;

const camera = z.strictObject({ x: coordinate, y: coordinate, scale: z.number().finite().min(SCALE_LIMITS.min).max(SCALE_LIMITS.max) });
export type Camera = z.infer<typeof camera>;

export const canvasLayout = z.strictObject({
  camera,
  tiles: z.record(tileId, tileRect).refine((tiles) => Object.keys(tiles).length <= MAX_LAYOUT_TILES, `at most ${MAX_LAYOUT_TILES} tiles`),
});
export type CanvasLayout = z.infer<typeof canvasLayout>;

const mouse = z.strictObject({
  type: z.literal('mouse'),
  tileId,
  action: z.enum(['mousePressed', 'mouseReleased', 'mouseMoved', 'mouseWheel']),
  x: coordinate,
  y: coordinate,
  button: z.enum(['none', 'left', 'middle', 'right', 'back', 'forward']),
  buttons: z.number().int().min(0).max(31),
  clickCount: z.number().int().min(0).max(3),
  deltaX: z.number().finite().min(-10_000).max(10_000),
  deltaY: z.number().finite().min(-10_000).max(10_000),
  modifiers,
});

const key = z.strictObject({
  type: z.literal('key'),
  tileId,
  action: z.enum(['keyDown', 'keyUp']),
  key: z.string().min(1).max(32),
  code: z.string().max(32),
  /** What the key types, if anything ("" for Enter's "\r" is sent as "\r"). */
  text: z.string().max(8),
  keyCode: z.number().int().min(0).max(255),
  location: z.number().int().min(0).max(3),
  autoRepeat: z.boolean(),
  modifiers,
});

const composition = z.strictObject({
  type: z.literal('composition'),
  tileId,
  /** `update`: the text being composed; `commit`: the final text to insert. */
  action: z.enum(['update', 'commit']),
  text: z.string().max(2000),
});

export const webviewMessage = z.discriminatedUnion('type', [
  /** `origin`: the webview document's own, which its frame worker's socket sends (frameSocket.ts trusts it for this canvas). */
  z.strictObject({ type: z.literal('ready'), origin: z.string().max(300).optional() }),
  /**
   * Tiles now on screen, with the device pixels each covers; every other tile streams nothing. The
   * focused one (which has the keyboard) gets full frames first; `pixelRatio` is the screen's.
   */
  z.strictObject({
    type: z.literal('visibleTiles'),
    tiles: z.array(z.strictObject({ tileId, width: devicePixels, height: devicePixels, focused: z.boolean() })).max(MAX_LAYOUT_TILES),
    pixelRatio: z.number().finite().min(PIXEL_RATIO_LIMITS.min).max(PIXEL_RATIO_LIMITS.max),
  }),
  /** The webview drew this tile's last frame and is ready for the next. */
  z.strictObject({ type: z.literal('frameDrawn'), tileId }),
  mouse,
  key,
  composition,
  z.strictObject({ type: z.literal('clipboard'), tileId, action: z.enum(['copy', 'paste']) }),
  z.strictObject({ type: z.literal('navigate'), tileId, url: z.string().min(1).max(8192) }),
  z.strictObject({ type: z.literal('history'), tileId, action: z.enum(['back', 'forward', 'reload']) }),
  z.strictObject({ type: z.literal('resizeTile'), tileId, width: tileRect.shape.width, height: tileRect.shape.height }),
  z.strictObject({ type: z.literal('closeTile'), tileId }),
  /** A click on the tile of a session with no page: open one. */
  z.strictObject({ type: z.literal('newPage'), tileId }),
  /** Answers: each names the question it answers (requests.ts). */
  z.strictObject({ type: z.literal('chooseOption'), tileId, requestId, index: size(-1, 100_000) }),
  z.strictObject({ type: z.literal('answerDialog'), tileId, requestId, accept: z.boolean(), promptText: z.string().max(10_000).optional() }),
  z.strictObject({ type: z.literal('layout'), layout: canvasLayout }),
  z.strictObject({ type: z.literal('runCommand'), command: z.enum(['newSession', 'attach', 'showLogs']) }),
  /** The tile's badge: hand its session to the agent, or take it back. */
  z.strictObject({ type: z.literal('handoff'), tileId, to: z.enum(['agent', 'developer']) }),
  /** The tile's record button: record this page, or stop and save the flow. */
  z.strictObject({ type: z.literal('record'), tileId, start: z.boolean() }),
  /** The tile's pin: keep its session at full speed whether or not it is in view, or let it rest again. */
  z.strictObject({ type: z.literal('keepFullSpeed'), tileId, on: z.boolean() }),
  /**
   * The tile's strip asks for its session's timeline entries from `fromSeq` to `toSeq` (either end open;
   * at most STRIP_ENTRIES, the newest of the range); `timelineEntries` answers `requestId`.
   */
  z.strictObject({ type: z.literal('timelineRange'), tileId, requestId, fromSeq: z.number().int().min(1).optional(), toSeq: z.number().int().min(1).optional() }),
  /** The tile's strip opened (new entries of its session come as `timelineEntries` with no requestId) or closed. */
  z.strictObject({ type: z.literal('timelineFollow'), tileId, on: z.boolean() }),
]);
export type WebviewMessage = z.infer<typeof webviewMessage>;
export type MouseInput = z.infer<typeof mouse>;
export type KeyInput = z.infer<typeof key>;

/** Parses a message from the webview; `undefined` for anything that is not exactly a WebviewMessage. */
export function parseWebviewMessage(raw: unknown): { message?: WebviewMessage; problem?: string } {
  const result = webviewMessage.safeParse(raw);
  if (result.success) {
    return { message: result.data };
  }
  const issue = result.error.issues[0];
  return { problem: `${issue.path.join('.') || '(message)'}: ${issue.message}` };
}

// ---- Host -> webview -------------------------------------------------------------------------------

/**
 * How frames travel to the canvas (browserCanvas.frameTransport): on the frame socket (frameWire.ts),
 * as bytes in `frame` messages, or as base64 text in them.
 */
export const FRAME_TRANSPORTS = ['socket', 'binary', 'base64'] as const;
export type FrameTransport = (typeof FRAME_TRANSPORTS)[number];

/** A tile: its page's state (PageState) and what the canvas shows of its session. */
export interface TileInfo extends Omit<PageState, 'crashed' | 'unanswered'> {
  readonly tileId: string;
  readonly sessionId: string;
  readonly sessionLabel: string;
  /** One colour per session, shared by all its tiles (a CSS colour). */
  readonly color: string;
  readonly controller: Controller;
  /** While an agent client holds the session: its name ("claude-code"), shown on the badge. */
  readonly holder?: string;
  /** What the developer does in this page is being recorded as a flow. */
  readonly recording?: boolean;
  /** The page's renderer crashed: nothing to show until it is reloaded. */
  readonly crashed?: boolean;
  /** The page has not answered since it was attached (a dialog left open with no editor connected): a reload frees it. */
  readonly unanswered?: boolean;
  /** The tile of a session whose browser runs with no page: a click opens one, close terminates it. */
  readonly pageless?: boolean;
  /** What the resource policy does to the page (unset: it runs at full speed). */
  readonly pace?: TilePace;
  /** The developer keeps this session at full speed. */
  readonly pinned?: boolean;
  /** A woken session's reopened page: it takes the place (and the keyboard) of this tile of its kept page. */
  readonly replaces?: string;
}

/**
 * `slowed`: a thumbnail, its page frozen between its captures. `frozen`: off screen, its page frozen
 * until it is shown or acted on. `hibernated`: its session rests whatever is shown, under the memory cap.
 */
export type TilePace = 'slowed' | 'frozen' | 'hibernated';

export type HostMessage =
  /** `frameSocket`: where the frame worker receives frames past the editor's messages (frameWire.ts), if it can. */
  | { readonly type: 'init'; readonly tiles: readonly TileInfo[]; readonly layout?: CanvasLayout; readonly frameSocket?: string }
  | { readonly type: 'tiles'; readonly tiles: readonly TileInfo[] }
  /**
   * The newest screencast frame, a JPEG as bytes or as base64 (browserCanvas.frameTransport; with
   * `socket`, frames come this way only while the frame socket is not connected);
   * `pageWidth` x `pageHeight` is the CSS viewport it shows; `sequence` numbers the frames the page
   * sent, so frames skipped on the way (for a canvas slower than the page) can be counted.
   */
  | ({ readonly type: 'frame'; readonly data: Uint8Array | string } & FrameHeader)
  /** A `<select>` pressed in the tile: the canvas lists its options over its box; `chooseOption` answers `requestId`. */
  | ({ readonly type: 'selectOpened'; readonly tileId: string; readonly requestId: number } & SelectShape)
  /** A JavaScript dialog open on the page: the canvas shows it over the tile; `answerDialog` answers `requestId`. */
  | { readonly type: 'dialogOpened'; readonly tileId: string; readonly requestId: number; readonly kind: DialogKind; readonly message: string; readonly defaultPrompt: string }
  | { readonly type: 'dialogClosed'; readonly tileId: string }
  /** Bring this tile into view (a chat answer's "Show on the Canvas"). */
  | { readonly type: 'reveal'; readonly tileId: string }
  /** The page's icon as served (PNG, ICO...); without `data` the page has none. */
  | { readonly type: 'favicon'; readonly tileId: string; readonly data?: Uint8Array }
  | { readonly type: 'notice'; readonly tileId?: string; readonly level: 'info' | 'error'; readonly text: string }
  /** What the agent is doing in a tile, drawn over it: the target's box, a click's ripple, typed text or a key. */
  | ({ readonly type: 'agentStep'; readonly tileId: string } & StepMark)
  /** Timeline entries for the tile's strip, oldest first: the answer to `timelineRange` `requestId`, or (without one) new ones as they come. */
  | { readonly type: 'timelineEntries'; readonly tileId: string; readonly requestId?: number; readonly entries: readonly StripEntry[] };
