import { DisposableStore, Emitter, Event, HibernatedPage, IDisposable, LivePage, LivePages, Recordings, SessionManager, SessionStep, targetIdOf, Timelines } from '../cdp';
import { parseWebviewMessage, WebviewMessage } from '../contract/protocol';
import type { CanvasHost } from './canvasHost';
import { OpenQuestions } from './openQuestions';
import { PageOverlays } from './pageOverlays';
import { hibernatedTileInfo, pagelessTileInfo, sessionTileId, tileInfo } from './tileInfo';
import { TileInput, TileMessage } from './tileInput';
import { TileStreams } from './tileStreams';
import { TimelinePictures } from './timelinePictures';
import { TimelineStrips } from './timelineStrips';

export type { CanvasHost } from './canvasHost';

/**
 * The host side of one canvas webview: the tiles it shows (one per page, one per session with no
 * page), their streams (TileStreams), what the developer does in them (TileInput) and what shows over
 * them (PageOverlays). Never imports `vscode`, so it is tested against a real browser without an editor.
 */
export class CanvasController implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly streams: TileStreams;
  private readonly input: TileInput;
  private readonly overlays: PageOverlays;
  /** Each timeline entry's picture, and the tiles' strips (none without the sessions' timelines). */
  private readonly timeline: { readonly pictures: TimelinePictures; readonly strips: TimelineStrips } | undefined;
  /** The canvas's drop-down lists and dialogs waiting for the developer's answer. */
  private readonly questions = new OpenQuestions();
  /** Per tile, what follows its page besides its stream (dialogs, icon, file chooser). */
  private readonly watched = new Map<string, IDisposable>();
  private tilesUpdateScheduled = false;
  private readonly focusChanged = this.store.add(new Emitter<void>());
  private webviewReady = false;
  private reportedPixelRatio: number | undefined;
  /** Per hibernated session, its kept pages whose tiles a reopened page has not taken yet (`TileInfo.replaces`). */
  private readonly keptTiles = new Map<string, HibernatedPage[]>();
  /** The tile that had the keyboard, as the canvas last said (a hibernated session's tile has no page). */
  private focusedTileId: string | undefined;
  /** A session (or one page of it) to bring into view once its tile exists. */
  private revealing: { readonly sessionId: string; readonly pageId?: string } | undefined;
  /** Another tile (or none) has the keyboard. */
  readonly onDidChangeFocus = this.focusChanged.event;

  constructor(
    private readonly pages: LivePages,
    private readonly sessions: SessionManager,
    private readonly host: CanvasHost,
    agentSteps?: Event<SessionStep>,
    private readonly recordings?: Pick<Recordings, 'isRecording' | 'onDidChange'>,
    timelines?: Pick<Timelines, 'onDidAppend' | 'saveThumbnail' | 'entries' | 'thumbnail'>,
  ) {
    const pictures = timelines && this.store.add(new TimelinePictures(pages, timelines));
    this.timeline = pictures && { pictures, strips: this.store.add(new TimelineStrips(pages, timelines!, pictures, host)) };
    this.streams = this.store.add(new TileStreams(pages, sessions, host, () => this.scheduleTilesUpdate()));
    this.input = new TileInput(pages, sessions, host, this.streams, this.questions);
    this.overlays = new PageOverlays(sessions, host, this.questions);
    // A page or its session (label, controller) changed; several at once make one update.
    this.store.add(pages.onDidChange(() => this.scheduleTilesUpdate()));
    this.store.add(sessions.onDidChange(() => this.scheduleTilesUpdate()));
    if (recordings) {
      this.store.add(recordings.onDidChange(() => this.scheduleTilesUpdate()));
    }
    const frameChannel = host.frameSocket?.channel;
    if (frameChannel) {
      this.store.add(frameChannel.onDidReceive((raw) => this.handleFrameSocketMessage(raw)));
      // Frames out on a connection that went will never be answered (the next go on a new connection, or as messages).
      this.store.add(frameChannel.onDidDisconnect(() => this.streams.resetGates()));
    }
    if (agentSteps) {
      this.store.add(agentSteps(({ targetId, kind, box, point, text }) => this.pages.get(targetId) && this.host.post({ type: 'agentStep', tileId: targetId, kind, box, point, text })));
    }
  }

  /** Every message from the webview comes through here; anything not in the contract is dropped. */
  handle(raw: unknown): void {
    const { message, problem } = parseWebviewMessage(raw);
    if (!message) {
      this.host.warn(`Dropped a canvas message that is not in the contract (${problem}).`);
      return;
    }
    if (message.type === 'timelineRange' || message.type === 'timelineFollow') {
      this.timeline?.strips.handle(message);
    } else if ('tileId' in message) {
      if ((message.type === 'mouse' && message.action === 'mousePressed') || (message.type === 'key' && message.action === 'keyDown')) {
        const sessionId = this.pages.get(message.tileId)?.sessionId;
        if (sessionId) {
          this.timeline?.pictures.pressed(sessionId);
        } else {
          this.wakeIfResting(message.tileId); // a resting tile that kept the keyboard (hibernated under it) gets no new focus to wake it
        }
      }
      this.input.handle(message);
    } else {
      this.handleCanvasMessage(message);
    }
  }

  /** The frame socket carries the canvas's answers to the frames it brought, and nothing else: anything else closes it. */
  private handleFrameSocketMessage(raw: unknown): void {
    const { message, problem } = parseWebviewMessage(raw);
    if (message?.type !== 'frameDrawn') {
      this.host.warn(`Closed the frame socket: the canvas sent what is not an answer to a frame (${problem ?? message?.type}).`);
      this.host.frameSocket?.channel.disconnect();
      return;
    }
    this.streams.drawn(message.tileId);
  }

  /** Brings a page's tile (default: the session's first) into view, now or once the webview is ready and has it. */
  reveal(sessionId: string, pageId?: string): void {
    this.revealing = { sessionId, pageId };
    this.revealIfReady();
  }

  private revealIfReady(): void {
    const wanted = this.webviewReady ? this.revealing : undefined;
    const tileId = wanted && (wanted.pageId ? this.pages.get(wanted.pageId)?.targetId : this.firstTileOf(wanted.sessionId));
    if (tileId) {
      this.revealing = undefined;
      this.host.post({ type: 'reveal', tileId });
    }
  }

  /**
   * A session's first page as its browser orders them (the page it started on, not whichever this
   * canvas happened to attach to first), else the tile of a session with no page; a hibernated session's first kept page.
   */
  private firstTileOf(sessionId: string): string | undefined {
    const resting = this.sessions.get(sessionId)?.hibernated;
    if (resting) {
      return resting.pages[0]?.targetId;
    }
    const first = this.sessions.connection(sessionId)?.pageTargets.map(targetIdOf).find((id) => this.pages.get(id));
    return first ?? (this.pages.pagelessSessions().includes(sessionId) ? sessionTileId(sessionId) : undefined);
  }

  /** The page of the tile that has the keyboard, if any. */
  focusedPage(): LivePage | undefined {
    return this.streams.focusedPage();
  }

  /** A hidden panel streams nothing; shown again, the tiles it last reported stream again. */
  setPanelVisible(visible: boolean): void {
    this.streams.setPanelVisible(visible);
  }

  private handleCanvasMessage(message: Exclude<WebviewMessage, TileMessage>): void {
    switch (message.type) {
      case 'ready':
        if (message.origin && this.host.frameSocket && !this.host.frameSocket.channel.trustWebviewOrigin(message.origin)) {
          this.host.warn(`The canvas reported the origin ${message.origin}, which no frame socket connection can come from: its frames go as messages.`);
        }
        this.host.post({ type: 'init', tiles: this.tiles(), layout: this.host.loadLayout(), frameSocket: this.host.frameSocket?.url });
        this.streams.resetGates(); // a new webview answers for no old frame
        this.webviewReady = true;
        this.revealIfReady();
        this.pages.list().forEach((page) => this.overlays.postCurrent(page));
        return;
      case 'visibleTiles': {
        const focusedBefore = this.focusedPage();
        this.streams.setVisible(message.tiles);
        this.wakeIfFocused(message.tiles.find((tile) => tile.focused)?.tileId);
        const focused = this.focusedPage();
        if (focused !== focusedBefore) {
          this.focusChanged.fire();
          if (focused) {
            this.host.used?.(focused.sessionId);
          }
        }
        if (message.pixelRatio !== this.reportedPixelRatio) {
          this.reportedPixelRatio = message.pixelRatio; // stored by the host: not on every pan and zoom
          this.host.setScreenPixelRatio(message.pixelRatio);
        }
        // After `used`: a hibernated session the developer focused is awake by now, and streams.
        this.streams.update();
        return;
      }
      case 'layout':
        this.host.saveLayout(message.layout);
        return;
      case 'runCommand':
        this.host.runCommand(message.command);
        return;
    }
  }

  /** The developer focused a tile of a hibernated session: it wakes, and its reopened pages replace its tiles. */
  private wakeIfFocused(tileId: string | undefined): void {
    if (tileId === this.focusedTileId) {
      return;
    }
    this.focusedTileId = tileId;
    this.wakeIfResting(tileId);
  }

  private wakeIfResting(tileId: string | undefined): void {
    const resting = tileId && this.sessions.list().find((record) => record.hibernated?.pages.some((page) => page.targetId === tileId));
    if (resting) {
      this.host.used?.(resting.id);
    }
  }

  private tiles() {
    // A hibernated session's tiles are its kept pages, from the moment its browser starts closing until it has reopened them.
    const resting = this.sessions.list().filter((record) => record.hibernated);
    const restingTiles = resting.flatMap((record) => record.hibernated!.pages.map((page) => hibernatedTileInfo(record, page)));
    resting.forEach((record) => this.keptTiles.set(record.id, [...record.hibernated!.pages]));
    // Every tile of a recording session shows it (the recording follows its popups), and each one's button stops it.
    const pageTiles = this.pages.list().filter((page) => !resting.some((record) => record.id === page.sessionId)).map((page) => {
      const pace = this.streams.markOf(page.targetId);
      return {
        ...tileInfo(page, this.sessions.get(page.sessionId), !!this.recordings?.isRecording(page.sessionId)),
        ...(pace ? { pace } : {}),
        ...(this.host.isPinned?.(page.sessionId) ? { pinned: true } : {}),
        ...this.replacing(page),
      };
    });
    const sessionTiles = this.pages.pagelessSessions().filter((id) => !resting.some((record) => record.id === id)).flatMap((id) => {
      const session = this.sessions.get(id);
      return session ? [pagelessTileInfo(session)] : [];
    });
    return [...pageTiles, ...sessionTiles, ...restingTiles];
  }

  /** The kept tile a woken session's reopened page takes the place of: the first at its address, once. */
  private replacing(page: LivePage): { replaces?: string } {
    const kept = this.keptTiles.get(page.sessionId);
    const index = kept?.findIndex((candidate) => candidate.url === page.info.url) ?? -1;
    if (index === -1) {
      return {};
    }
    const [taken] = kept!.splice(index, 1);
    if (kept!.length === 0) {
      this.keptTiles.delete(page.sessionId);
    }
    return { replaces: taken.targetId };
  }

  private scheduleTilesUpdate(): void {
    if (this.tilesUpdateScheduled) {
      return;
    }
    this.tilesUpdateScheduled = true;
    queueMicrotask(() => {
      this.tilesUpdateScheduled = false;
      if (!this.store.isDisposed) {
        this.updateTiles();
      }
    });
  }

  private updateTiles(): void {
    const added = this.pages.list().filter((page) => !this.streams.has(page.targetId));
    for (const page of added) {
      this.streams.add(page);
      const watching = new DisposableStore();
      watching.add(this.overlays.watch(page));
      if (this.timeline) {
        watching.add(this.timeline.pictures.watch(page));
      }
      this.watched.set(page.targetId, watching);
    }
    for (const tileId of this.streams.prune()) {
      this.watched.get(tileId)?.dispose();
      this.watched.delete(tileId);
      this.input.forget(tileId);
      this.timeline?.strips.forget(tileId);
      this.questions.forget(tileId);
    }
    this.host.post({ type: 'tiles', tiles: this.tiles() });
    this.revealIfReady();
    added.forEach((page) => this.overlays.postCurrent(page)); // its icon or dialog came before we watched
    this.streams.update();
  }

  /** The resource policy's setting or a session's pin changed. */
  policyChanged(): void {
    this.scheduleTilesUpdate();
  }

  dispose(): void {
    this.watched.forEach((listeners) => listeners.dispose());
    this.watched.clear();
    this.store.dispose();
  }
}
