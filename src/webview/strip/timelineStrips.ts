// The strips open under tiles (tileStrip.ts), and the picture of the past a scrubbed one shows over its
// tile (pastView.ts). Each strip asks the host for its session's entries (`timelineRange`, answered by
// `timelineEntries` with the same requestId) and follows new ones (`timelineFollow`); which tiles have
// their strip open is kept in the webview's state, so they open again after a window reload.
import type { HostMessage } from '../../contract/protocol';
import { element, placeOver } from '../dom';
import type { Rect } from '../rect';
import type { TileView } from '../tile';
import type { Post, WebviewState } from '../vscodeApi';
import { PastView } from './pastView';
import { STRIP_HEIGHT, TileStrip } from './tileStrip';

/** Screen px between a tile's page and its strip; a strip is never narrower than this. */
const GAP = 4;
const MIN_WIDTH = 280;

export interface StripHost {
  tile(tileId: string): TileView | undefined;
  worldRectToClient(rect: Rect): Rect;
  /** Moves the view, if need be, so that these are on screen (given the camera's scale: a strip's size is in screen px). */
  bringIntoView(rectsAt: (scale: number) => readonly Rect[]): void;
}

/** Where a strip goes under a tile (`outer`, world units) when the camera's scale is `scale`. */
function stripUnder(outer: Rect, scale: number): Rect {
  return { x: outer.x, y: outer.y + outer.height + GAP / scale, width: Math.max(MIN_WIDTH / scale, outer.width), height: STRIP_HEIGHT / scale };
}

interface OpenStrip {
  readonly strip: TileStrip;
  readonly past: PastView;
  requestId: number;
}

export class TimelineStrips {
  readonly root = element('div', 'timeline-strips');
  private readonly open = new Map<string, OpenStrip>();
  private nextRequest = 1;

  constructor(
    private readonly post: Post,
    private readonly host: StripHost,
    private readonly state: WebviewState<{ readonly strips?: readonly string[] }>,
  ) {
    window.addEventListener('keydown', this.onKey, true);
  }

  /** Escape anywhere in the canvas while a tile shows the past: back to live (before it reaches a page or a shortcut). */
  private readonly onKey = (event: KeyboardEvent) => {
    const scrubbed = [...this.open.values()].filter(({ strip }) => strip.scrubbedSeq !== undefined);
    if (event.key === 'Escape' && scrubbed.length > 0) {
      scrubbed.forEach(({ strip }) => strip.toLive());
      event.preventDefault();
      event.stopPropagation();
    }
  };

  /** The tile shows a picture of the past: input to it is held back. */
  showsPast(tileId: string): boolean {
    return this.open.get(tileId)?.strip.scrubbedSeq !== undefined;
  }

  toggle(tileId: string): void {
    const tile = this.host.tile(tileId);
    if (this.open.has(tileId)) {
      this.close(tileId, true);
    } else if (tile) {
      this.openStrip(tileId);
      // A tile that fills the view leaves no room under it: the view moves so the strip just opened shows.
      this.host.bringIntoView((scale) => [tile.outerRect, stripUnder(tile.outerRect, scale)]);
    }
    this.saveState();
  }

  /** After tiles changed: strips of tiles gone go with them; those saved before a reload open again. */
  sync(): void {
    for (const tileId of [...this.open.keys()]) {
      if (!this.host.tile(tileId)) {
        this.close(tileId, false);
      }
    }
    for (const tileId of this.state.get()?.strips ?? []) {
      if (!this.open.has(tileId) && this.host.tile(tileId)) {
        this.openStrip(tileId);
      }
    }
    this.reposition();
  }

  receive(message: Extract<HostMessage, { type: 'timelineEntries' }>): void {
    const open = this.open.get(message.tileId);
    if (!open || (message.requestId !== undefined && message.requestId !== open.requestId)) {
      return; // a strip since closed, or a reply to a request made before it reopened
    }
    if (open.strip.entries.merge(message.entries)) {
      open.strip.render();
    }
  }

  /** Strips and pictures of the past follow their tiles on screen. */
  reposition(): void {
    for (const [tileId, { strip, past }] of this.open) {
      const tile = this.host.tile(tileId);
      if (!tile) {
        continue;
      }
      const page = this.host.worldRectToClient(tile.rect);
      const scale = page.width / tile.rect.width;
      placeOver(strip.root, this.host.worldRectToClient(stripUnder(tile.outerRect, scale)));
      past.place(page);
    }
  }

  private openStrip(tileId: string): void {
    const tile = this.host.tile(tileId);
    if (!tile) {
      return;
    }
    const past = new PastView(() => open.strip.toLive());
    const strip = new TileStrip(tile.info.sessionId, tile.info.sessionLabel, (entry) => {
      const shown = this.host.tile(tileId);
      if (entry && shown) {
        past.show(entry, this.host.worldRectToClient(shown.rect));
        this.root.append(past.root);
      } else {
        past.root.remove();
      }
    });
    const open: OpenStrip = { strip, past, requestId: this.nextRequest++ };
    this.open.set(tileId, open);
    this.root.append(strip.root);
    strip.render();
    this.post({ type: 'timelineFollow', tileId, on: true });
    this.post({ type: 'timelineRange', tileId, requestId: open.requestId });
    this.reposition();
  }

  private close(tileId: string, tell: boolean): void {
    const open = this.open.get(tileId);
    if (!open) {
      return;
    }
    this.open.delete(tileId);
    open.strip.toLive();
    open.strip.dispose();
    open.past.root.remove();
    if (tell) {
      this.post({ type: 'timelineFollow', tileId, on: false });
    }
  }

  private saveState(): void {
    this.state.set({ ...this.state.get(), strips: [...this.open.keys()] });
  }

  dispose(): void {
    window.removeEventListener('keydown', this.onKey, true);
    [...this.open.keys()].forEach((tileId) => this.close(tileId, false));
    this.root.replaceChildren();
  }
}
