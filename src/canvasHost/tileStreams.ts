import { errorMessage, IDisposable, LivePage, LivePages, ScreencastFrame, ScreencastRequest, SessionManager } from '../cdp';
import type { TilePace, WebviewMessage } from '../contract/protocol';
import type { CanvasHost } from './canvasHost';
import { LatestFrameGate, LOST_AFTER_MS } from './latestFrameGate';

/** Frames out to the webview per tile: one would cap the rate at one per round trip through the workbench. */
const FRAMES_IN_FLIGHT = 3;

/**
 * While one tile has the keyboard, the others on screen are thumbnails: small and slow, so the
 * focused one gets the cores (RECIPES: 8 full-size pages share two cores at ~9 fps each).
 */
const THUMBNAIL = { maxWidth: 400, maxHeight: 300, maxFps: 6 } as const;

export type VisibleTile = Extract<WebviewMessage, { type: 'visibleTiles' }>['tiles'][number];

type StreamHost = Pick<CanvasHost, 'post' | 'frameTransport' | 'frameSocket' | 'warn' | 'resourcePolicy' | 'isPinned' | 'isHibernated'>;

/**
 * Which pages stream to the canvas and how fast they run: the tiles on screen stream (the focused one
 * in full, the others as thumbnails), the rest stream nothing; each tile's frames go out through a
 * LatestFrameGate, on the frame socket or as messages. The resource policy's marks come from here.
 */
export class TileStreams implements IDisposable {
  private readonly gates = new Map<string, { gate: LatestFrameGate<ScreencastFrame>; listener: IDisposable }>();
  private visible: ReadonlyMap<string, VisibleTile> = new Map();
  private panelVisible = true;
  /** Per tile, what the resource policy does to its page now (none: it runs at full speed). */
  private readonly marks = new Map<string, TilePace>();

  constructor(
    private readonly pages: LivePages,
    private readonly sessions: SessionManager,
    private readonly host: StreamHost,
    /** A tile's mark changed: the tiles the canvas shows need updating. */
    private readonly marksChanged: () => void,
  ) {}

  has(tileId: string): boolean {
    return this.gates.has(tileId);
  }

  /** Starts passing a page's frames on (as far as `update` lets it stream). */
  add(page: LivePage): void {
    const tileId = page.targetId;
    let lostBefore = false;
    const lost = () => {
      if (!lostBefore) {
        lostBefore = true; // once a tile: the why is the same each time
        this.host.warn(`The canvas answered none of the last ${FRAMES_IN_FLIGHT} frames of tile ${tileId} for ${LOST_AFTER_MS / 1000} s: taken as lost, the newest sent again.`);
      }
    };
    const gate = new LatestFrameGate<ScreencastFrame>(
      ({ data, pageWidth, pageHeight, sequence }) => {
        const transport = this.host.frameTransport();
        if (transport === 'socket' && this.host.frameSocket?.channel.send({ tileId, pageWidth, pageHeight, sequence }, data)) {
          return;
        }
        this.host.post({ type: 'frame', tileId, data: transport === 'base64' ? data : toBytes(data), pageWidth, pageHeight, sequence });
      },
      FRAMES_IN_FLIGHT,
      lost,
    );
    this.gates.set(tileId, { gate, listener: page.screencast.onFrame((frame) => gate.push(frame)) });
  }

  /** Forgets the tiles whose page is gone. */
  prune(): string[] {
    const gone = [...this.gates.keys()].filter((tileId) => !this.pages.get(tileId));
    for (const tileId of gone) {
      this.gates.get(tileId)!.listener.dispose();
      this.gates.get(tileId)!.gate.dispose();
      this.gates.delete(tileId);
      this.marks.delete(tileId);
    }
    return gone;
  }

  /** The canvas drew a tile's frame and is ready for the next. */
  drawn(tileId: string): void {
    this.gates.get(tileId)?.gate.drawn();
  }

  /** Frames out will never be answered (a new webview, a frame socket gone): the newest goes again. */
  resetGates(): void {
    this.gates.forEach(({ gate }) => gate.reset());
  }

  /** What the policy does to a tile's page now. */
  markOf(tileId: string): TilePace | undefined {
    return this.marks.get(tileId);
  }

  /** The page of the tile that has the keyboard, as the canvas last said. */
  focusedPage(): LivePage | undefined {
    const focused = [...this.visible.values()].find((tile) => tile.focused);
    return focused && this.pages.get(focused.tileId);
  }

  /** The tiles now on screen (streamed from the next `update`). */
  setVisible(tiles: readonly VisibleTile[]): void {
    this.visible = new Map(tiles.map((tile) => [tile.tileId, tile]));
  }

  /** A hidden panel streams nothing; shown again, the tiles it last reported stream again. */
  setPanelVisible(visible: boolean): void {
    this.panelVisible = visible;
    this.update();
  }

  /** Brings every page's stream and pace to what the tiles on screen and the policy want. */
  update(): void {
    const tiles = [...this.visible.values()];
    const prioritised = tiles.length > 1 && tiles.some((tile) => tile.focused);
    let changed = false;
    for (const page of this.pages.list()) {
      const tile = this.panelVisible ? this.visible.get(page.targetId) : undefined;
      const thumbnail = !!tile && prioritised && !tile.focused;
      const mark = this.paceOf(page, tile === undefined ? 'hidden' : thumbnail ? 'thumbnail' : 'live');
      if (this.marks.get(page.targetId) !== mark) {
        changed = true;
        mark ? this.marks.set(page.targetId, mark) : this.marks.delete(page.targetId);
      }
      const warn = (what: string) => (error: unknown) => this.host.warn(`Could not change the ${what} of a page of session ${page.sessionId}: ${errorMessage(error)}`);
      // Thawed before its stream starts, frozen after its stream stops: a page to show is running when asked to.
      if (!mark) {
        page.setPace('running').catch(warn('pace'));
      }
      // A hibernated session's tiles keep their last picture: a thumbnail's captures would wake it.
      const change = (tile && mark !== 'hibernated' ? page.screencast.show(streamRequest(tile, thumbnail)) : page.screencast.hide()).catch(warn('screencast'));
      if (mark) {
        void change.then(() => page.setPace('frozen')).catch(warn('pace'));
      }
    }
    if (changed) {
      this.marksChanged();
    }
  }

  /**
   * Focus first: the focused tile's page, and any page of a session the agent holds or the developer
   * pinned, run at full speed; a thumbnail's page rests between its captures; a page off screen rests;
   * a hibernated session's pages rest until the developer focuses one of its tiles.
   */
  private paceOf(page: LivePage, shown: 'live' | 'thumbnail' | 'hidden'): TilePace | undefined {
    const session = this.sessions.get(page.sessionId);
    if (this.host.isHibernated?.(page.sessionId) && this.focusedPage()?.sessionId !== page.sessionId) {
      return 'hibernated';
    }
    if (shown === 'live' || this.host.resourcePolicy?.() === false || session?.controller === 'agent' || this.host.isPinned?.(page.sessionId)) {
      return undefined;
    }
    return shown === 'thumbnail' ? 'slowed' : 'frozen';
  }

  dispose(): void {
    this.gates.forEach(({ gate, listener }) => {
      listener.dispose();
      gate.dispose();
    });
    this.gates.clear();
    this.pages.list().forEach((page) => void page.screencast.hide().catch(() => undefined));
  }
}

function streamRequest({ width, height }: VisibleTile, thumbnail: boolean): ScreencastRequest {
  if (!thumbnail) {
    return { maxWidth: width, maxHeight: height };
  }
  const scale = Math.min(1, THUMBNAIL.maxWidth / width, THUMBNAIL.maxHeight / height);
  return { maxWidth: Math.max(1, Math.round(width * scale)), maxHeight: Math.max(1, Math.round(height * scale)), maxFps: THUMBNAIL.maxFps };
}

/** A base64 JPEG as the bytes a message carries. */
export function toBytes(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
