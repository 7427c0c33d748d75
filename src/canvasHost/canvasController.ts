import { DisposableStore, Emitter, errorMessage, targetIdOf, Event, IDisposable, LivePage, LivePages, Recordings, ScreencastFrame, ScreencastRequest, SessionManager, SessionStep } from '../cdp';
import { CanvasLayout, FrameTransport, HostMessage, parseWebviewMessage, TilePace, WebviewMessage } from '../contract/protocol';
import type { FrameChannel } from './frameSocket';
import { LatestFrameGate } from './latestFrameGate';
import { pagelessTileInfo, sessionOfTile, sessionTileId, tileInfo } from './tileInfo';

/** What the controller needs from the editor; the panel gives the real one, tests their own. */
export interface CanvasHost {
  post(message: HostMessage): void;
  readClipboard(): Promise<string>;
  writeClipboard(text: string): Promise<void>;
  runCommand(command: 'newSession' | 'attach' | 'showLogs'): void;
  /** Asks for files to give a page's file input; undefined when the developer cancels. */
  pickFiles(multiple: boolean): Promise<readonly string[] | undefined>;
  loadLayout(): CanvasLayout | undefined;
  saveLayout(layout: CanvasLayout): void;
  /** Hand the session to the agent (the editor asks what for), or take it back. */
  handoff(sessionId: string, to: 'agent' | 'developer'): void;
  /** The developer closes a session's last page: close just the page (the browser runs on), terminate the session, or neither. */
  confirmCloseLastPage(sessionLabel: string): Promise<'closePage' | 'terminate' | undefined>;
  /** Ends a session; `confirmed` when the developer has just said so, else the editor asks first. */
  terminate(sessionId: string, confirmed: boolean): void;
  /** Starts recording the page, or stops its session's recording (which asks where to save). */
  record(sessionId: string, pageId: string, start: boolean): void;
  /** How frames travel to the webview (browserCanvas.frameTransport). */
  frameTransport(): FrameTransport;
  /**
   * The canvas's frame socket (frameSocket.ts) for the `socket` transport: the URL its frame worker
   * connects to, and the channel, which takes frames while a canvas is connected to it.
   */
  readonly frameSocket?: { readonly url: string; readonly channel: Pick<FrameChannel, 'send' | 'onDidReceive' | 'onDidDisconnect' | 'disconnect'> };
  /** The screen's devicePixelRatio, which browsers launched from now on should match. */
  setScreenPixelRatio(ratio: number): void;
  /** A message was dropped or an action failed: for the log, never shown raw to the page. */
  warn(text: string): void;
  /** The resource policy (browserCanvas.resourcePolicy; on unless this says no): see `paceOf`. */
  resourcePolicy?(): boolean;
  /** A session the developer keeps at full speed whether or not its tiles are in view. */
  isPinned?(sessionId: string): boolean;
  /** A session hibernated under the memory cap (Hibernation): its tiles show their last picture until it is used. */
  isHibernated?(sessionId: string): boolean;
  /** The developer focused a tile of the session: it is the most recently used, and woken if it was hibernated. */
  used?(sessionId: string): void;
}

type TileMessage = Extract<WebviewMessage, { tileId: string }>;

/** Frames out to the webview per tile: one would cap the rate at one per round trip through the workbench. */
const FRAMES_IN_FLIGHT = 3;

/**
 * While one tile has the keyboard, the others on screen are thumbnails: small and slow, so the
 * focused one gets the cores (RECIPES: 8 full-size pages share two cores at ~9 fps each).
 */
const THUMBNAIL = { maxWidth: 400, maxHeight: 300, maxFps: 6 } as const;

type VisibleTile = Extract<WebviewMessage, { type: 'visibleTiles' }>['tiles'][number];

/** What the developer does to a page; held back while the agent holds its session. */
const HELD_BACK = new Set<WebviewMessage['type']>(['mouse', 'key', 'composition', 'clipboard', 'navigate', 'history', 'chooseOption', 'answerDialog', 'newPage']);

/**
 * The host side of one canvas webview: turns its validated messages into page actions, streams the
 * frames of the tiles it shows, and tells it about pages, dialogs and drop-downs. Never imports
 * `vscode`, so it is tested against a real browser without an editor.
 */
export class CanvasController implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly streams = new Map<string, { gate: LatestFrameGate<ScreencastFrame>; listener: IDisposable }>();
  /** Per tile, so a press and its release reach the page in order even when the press waits for a lookup. */
  private readonly queues = new Map<string, Promise<void>>();
  private tilesUpdateScheduled = false;
  private visible: ReadonlyMap<string, VisibleTile> = new Map();
  private panelVisible = true;
  private selectRequest = 0;
  private readonly openSelects = new Map<string, number>();
  /** Per tile, what the resource policy does to its page now (none: it runs at full speed). */
  private readonly marks = new Map<string, TilePace>();
  private readonly focusChanged = this.store.add(new Emitter<void>());
  private webviewReady = false;
  private reportedPixelRatio: number | undefined;
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
  ) {
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
      this.store.add(frameChannel.onDidDisconnect(() => this.streams.forEach((stream) => stream.gate.reset())));
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
    if (!('tileId' in message)) {
      this.handleCanvasMessage(message);
      return;
    }
    const page = this.pages.get(message.tileId);
    const pagelessSession = page ? undefined : sessionOfTile(message.tileId);
    if (!page && !(pagelessSession && this.pages.pagelessSessions().includes(pagelessSession))) {
      return; // the page (or the session) closed while the message was on its way
    }
    if (HELD_BACK.has(message.type) && this.sessions.get(page?.sessionId ?? pagelessSession!)?.controller === 'agent') {
      // The agent holds the session: the developer's input waits until they take it back.
      this.host.post({ type: 'notice', tileId: message.tileId, level: 'info', text: 'The agent holds this session. Click its badge to take it back.' });
      return;
    }
    if (!page) {
      this.handleSessionTileMessage(pagelessSession!, message);
      return;
    }
    if (message.type === 'frameDrawn' || message.type === 'answerDialog') {
      // Never behind the queue: the input that opened a dialog only completes once it is answered.
      void this.handleTileMessage(page, message).catch((error: unknown) => this.failed(page, message, error));
      return;
    }
    const previous = this.queues.get(page.targetId) ?? Promise.resolve();
    const next = previous.then(() => this.handleTileMessage(page, message)).catch((error: unknown) => this.failed(page, message, error));
    this.queues.set(page.targetId, next);
  }

  /** The frame socket carries the canvas's answers to the frames it brought, and nothing else: anything else closes it. */
  private handleFrameSocketMessage(raw: unknown): void {
    const { message, problem } = parseWebviewMessage(raw);
    if (message?.type !== 'frameDrawn') {
      this.host.warn(`Closed the frame socket: the canvas sent what is not an answer to a frame (${problem ?? message?.type}).`);
      this.host.frameSocket?.channel.disconnect();
      return;
    }
    this.streams.get(message.tileId)?.gate.drawn();
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
   * canvas happened to attach to first), else the tile of a session with no page.
   */
  private firstTileOf(sessionId: string): string | undefined {
    const first = this.sessions.connection(sessionId)?.pageTargets.map(targetIdOf).find((id) => this.pages.get(id));
    return first ?? (this.pages.pagelessSessions().includes(sessionId) ? sessionTileId(sessionId) : undefined);
  }

  /** The page of the tile that has the keyboard, if any. */
  focusedPage(): LivePage | undefined {
    const focused = [...this.visible.values()].find((tile) => tile.focused);
    return focused && this.pages.get(focused.tileId);
  }

  /** A hidden panel streams nothing; shown again, the tiles it last reported stream again. */
  setPanelVisible(visible: boolean): void {
    this.panelVisible = visible;
    this.updateStreams();
  }

  private handleCanvasMessage(message: Exclude<WebviewMessage, TileMessage>): void {
    switch (message.type) {
      case 'ready':
        this.host.post({ type: 'init', tiles: this.tiles(), layout: this.host.loadLayout(), frameSocket: this.host.frameSocket?.url });
        this.streams.forEach((stream) => stream.gate.reset()); // a new webview answers for no old frame
        this.webviewReady = true;
        this.revealIfReady();
        for (const page of this.pages.list()) {
          if (page.openDialog) {
            this.postDialog(page);
          }
          if (page.favicon) {
            this.postFavicon(page);
          }
        }
        return;
      case 'visibleTiles': {
        const focusedBefore = this.focusedPage();
        this.visible = new Map(message.tiles.map((tile) => [tile.tileId, tile]));
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
        this.updateStreams();
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

  /** The tile of a session with no page: a click opens one, close terminates the session, the badge hands it over. */
  private handleSessionTileMessage(sessionId: string, message: TileMessage): void {
    switch (message.type) {
      case 'newPage': {
        const opening = this.sessions.connection(sessionId)?.browser.newPage({ type: 'window' });
        // The new page's tile takes the place of this one (the webview keeps a session's place).
        opening?.catch((error: unknown) => {
          this.host.warn(`Could not open a page in session ${sessionId}: ${errorMessage(error)}`);
          this.host.post({ type: 'notice', tileId: message.tileId, level: 'error', text: `Could not open a page: ${errorMessage(error)}` });
        });
        return;
      }
      case 'closeTile':
        return this.host.terminate(sessionId, false);
      case 'handoff':
        return this.host.handoff(sessionId, message.to);
    }
  }

  private async closeTile(page: LivePage): Promise<void> {
    if ((this.sessions.connection(page.sessionId)?.pageTargets.length ?? 0) <= 1) {
      // Closing the last page leaves a browser running with nothing to show: ask which the developer means.
      const choice = await this.host.confirmCloseLastPage(this.sessions.get(page.sessionId)?.label ?? page.sessionId);
      if (choice === 'terminate') {
        return this.host.terminate(page.sessionId, true);
      }
      if (choice !== 'closePage') {
        return;
      }
    }
    return page.close();
  }

  private async handleTileMessage(page: LivePage, message: TileMessage): Promise<void> {
    switch (message.type) {
      case 'frameDrawn':
        return this.streams.get(page.targetId)?.gate.drawn();
      case 'mouse':
        if (message.action === 'mousePressed' && message.button === 'left' && (await this.openSelect(page, message.x, message.y))) {
          return; // the canvas shows the drop-down's list; the page gets the choice, not the press
        }
        return page.input.mouse(message);
      case 'key':
        return page.input.key(message);
      case 'composition':
        return page.input.compose(message.action, message.text);
      case 'clipboard':
        return message.action === 'paste' ? page.input.insertText(await this.host.readClipboard()) : this.host.writeClipboard(await page.selectedText());
      case 'navigate':
        return page.navigate(message.url);
      case 'history':
        return page.history(message.action);
      case 'resizeTile':
        return page.resize(message.width, message.height);
      case 'closeTile':
        return this.closeTile(page);
      case 'chooseOption':
        if (this.openSelects.get(page.targetId) === message.requestId) {
          this.openSelects.delete(page.targetId);
          await page.closeSelect(message.index);
        }
        return;
      case 'answerDialog':
        return page.answerDialog(message.accept, message.promptText);
      case 'handoff':
        return this.host.handoff(page.sessionId, message.to);
      case 'record':
        return this.host.record(page.sessionId, page.targetId, message.start);
    }
  }

  private async openSelect(page: LivePage, x: number, y: number): Promise<boolean> {
    const popup = await page.openSelectAt(x, y);
    if (!popup) {
      return false;
    }
    const requestId = ++this.selectRequest;
    this.openSelects.set(page.targetId, requestId);
    const { selectedIndex, x: left, y: top, width, height } = popup;
    const options = popup.options.map(({ label, disabled, group }) => ({ label, disabled, ...(group === undefined ? {} : { group }) }));
    this.host.post({ type: 'selectOpened', tileId: page.targetId, requestId, options, selectedIndex, x: left, y: top, width, height });
    return true;
  }

  private failed(page: LivePage, message: TileMessage, error: unknown): void {
    this.host.warn(`Canvas ${message.type} on a page of session ${page.sessionId} failed: ${errorMessage(error)}`);
    if (message.type !== 'frameDrawn' && message.type !== 'mouse' && message.type !== 'key') {
      this.host.post({ type: 'notice', tileId: page.targetId, level: 'error', text: errorMessage(error) });
    }
  }

  private tiles() {
    // Every tile of a recording session shows it (the recording follows its popups), and each one's button stops it.
    const pageTiles = this.pages.list().map((page) => ({
      ...tileInfo(page, this.sessions.get(page.sessionId), !!this.recordings?.isRecording(page.sessionId)),
      ...(this.marks.has(page.targetId) ? { pace: this.marks.get(page.targetId) } : {}),
      ...(this.host.isPinned?.(page.sessionId) ? { pinned: true } : {}),
    }));
    const sessionTiles = this.pages.pagelessSessions().flatMap((id) => {
      const session = this.sessions.get(id);
      return session ? [pagelessTileInfo(session)] : [];
    });
    return [...pageTiles, ...sessionTiles];
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
    added.forEach((page) => this.watch(page));
    for (const [tileId, stream] of this.streams) {
      if (!this.pages.get(tileId)) {
        stream.listener.dispose();
        this.streams.delete(tileId);
        this.queues.delete(tileId);
        this.openSelects.delete(tileId);
        this.marks.delete(tileId);
      }
    }
    this.host.post({ type: 'tiles', tiles: this.tiles() });
    this.revealIfReady();
    added.filter((page) => page.favicon).forEach((page) => this.postFavicon(page)); // loaded before we watched
    this.updateStreams();
  }

  private watch(page: LivePage): void {
    const tileId = page.targetId;
    const gate = new LatestFrameGate<ScreencastFrame>(({ data, pageWidth, pageHeight, sequence }) => {
      const transport = this.host.frameTransport();
      if (transport === 'socket' && this.host.frameSocket?.channel.send({ tileId, pageWidth, pageHeight, sequence }, data)) {
        return;
      }
      this.host.post({ type: 'frame', tileId, data: transport === 'base64' ? data : toBytes(data), pageWidth, pageHeight, sequence });
    }, FRAMES_IN_FLIGHT);
    const listeners = new DisposableStore();
    listeners.add(page.screencast.onFrame((frame) => gate.push(frame)));
    listeners.add(page.onDialog(() => this.postDialog(page)));
    listeners.add(page.onDidChangeFavicon(() => this.postFavicon(page)));
    listeners.add(
      page.onFileChooser(async (request) => {
        if (this.sessions.get(page.sessionId)?.controller === 'agent') {
          return; // the agent's click opened it: its result says so, and upload_file answers it
        }
        try {
          const files = await this.host.pickFiles(request.multiple);
          if (files?.length) {
            await request.choose(request.multiple ? files : files.slice(0, 1));
          }
        } catch (error) {
          this.host.warn(`Could not give files to a page of session ${page.sessionId}: ${errorMessage(error)}`);
        }
      }),
    );
    this.streams.set(tileId, { gate, listener: listeners });
  }

  private postFavicon(page: LivePage): void {
    const icon = page.favicon?.data;
    this.host.post({ type: 'favicon', tileId: page.targetId, ...(icon ? { data: new Uint8Array(icon.buffer, icon.byteOffset, icon.byteLength) } : {}) });
  }

  private postDialog(page: LivePage): void {
    const dialog = page.openDialog;
    this.host.post(dialog ? { type: 'dialogOpened', tileId: page.targetId, ...dialog } : { type: 'dialogClosed', tileId: page.targetId });
  }

  private updateStreams(): void {
    const tiles = [...this.visible.values()];
    const prioritised = tiles.length > 1 && tiles.some((tile) => tile.focused);
    let marksChanged = false;
    for (const page of this.pages.list()) {
      const tile = this.panelVisible ? this.visible.get(page.targetId) : undefined;
      const thumbnail = !!tile && prioritised && !tile.focused;
      const mark = this.paceOf(page, tile === undefined ? 'hidden' : thumbnail ? 'thumbnail' : 'live');
      if (this.marks.get(page.targetId) !== mark) {
        marksChanged = true;
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
    if (marksChanged) {
      this.scheduleTilesUpdate();
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

  /** The resource policy's setting or a session's pin changed. */
  policyChanged(): void {
    this.scheduleTilesUpdate();
  }

  dispose(): void {
    this.streams.forEach((stream) => stream.listener.dispose());
    this.streams.clear();
    this.pages.list().forEach((page) => void page.screencast.hide().catch(() => undefined));
    this.store.dispose();
  }
}

function streamRequest({ width, height }: VisibleTile, thumbnail: boolean): ScreencastRequest {
  if (!thumbnail) {
    return { maxWidth: width, maxHeight: height };
  }
  const scale = Math.min(1, THUMBNAIL.maxWidth / width, THUMBNAIL.maxHeight / height);
  return { maxWidth: Math.max(1, Math.round(width * scale)), maxHeight: Math.max(1, Math.round(height * scale)), maxFps: THUMBNAIL.maxFps };
}

function toBytes(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
