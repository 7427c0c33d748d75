import * as vscode from 'vscode';
import { AgentBrowser, DisposableStore, Emitter, LivePages, Recordings, SessionManager } from '../../cdp';
import { CanvasLayout, canvasLayout } from '../../contract/protocol';
import { CanvasController } from '../../canvasHost/canvasController';
import type { CanvasHost } from '../../canvasHost/canvasHost';
import type { FocusedTile } from './focusedTile';
import { frameTransport, resourcePolicyEnabled, SCREEN_PIXEL_RATIO_KEY } from '../settings';
import type { SessionResources } from '../sessionResources';
import { canvasHtml, webviewRoot } from './canvasHtml';
import { CanvasFrameSocket, CanvasFrameSockets } from './canvasFrameSockets';

const VIEW_TYPE = 'browserCanvas.canvas';

/** What a tile's buttons do: calls on the services behind the commands, given the tile's session (no command string, no second lookup). */
export type TileActions = Pick<CanvasHost, 'handoff' | 'terminate' | 'record'>;

/** Where `browserCanvas.openCanvas` looks: a session's tile, or one page's (a target id). */
export interface CanvasPlace {
  readonly sessionId?: string;
  readonly pageId?: string;
}
const LAYOUT_KEY = 'browserCanvas.layout';

/** The editor's tabs showing the canvas, including one restored but not yet handed to the serializer. */
function canvasTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE));
}

/**
 * The one canvas panel: opened by the command, restored by the serializer after a reload. The pages
 * are watched only while it exists; closing it stops every screencast and leaves the browsers alone.
 */
/** A session as commands get it: its id, or its row in the Sessions view. */
type SessionRef = string | { readonly record: { readonly id: string } };

function sessionOf(arg: SessionRef | undefined): string | undefined {
  return typeof arg === 'string' ? arg : arg?.record.id;
}

export class CanvasPanels implements vscode.Disposable {
  private current: { panel: vscode.WebviewPanel; store: DisposableStore; controller: CanvasController } | undefined;
  private readonly focusChanged = new Emitter<void>();
  private readonly frameSockets: CanvasFrameSockets;
  /** The tile with the keyboard (none while the canvas is closed). */
  readonly focus: FocusedTile = {
    page: () => this.current?.controller.focusedPage(),
    sessionId: () => this.focus.page()?.sessionId,
    onDidChange: this.focusChanged.event,
  };

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly manager: SessionManager,
    private readonly agent: AgentBrowser,
    private readonly recordings: Recordings,
    private readonly channel: vscode.LogOutputChannel,
    private readonly resources: SessionResources,
    private readonly tileActions: TileActions,
  ) {
    this.frameSockets = new CanvasFrameSockets(channel);
  }

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('browserCanvas.openCanvas', (arg?: CanvasPlace) => this.show(arg?.sessionId, arg?.pageId)),
      vscode.commands.registerCommand('browserCanvas.toggleFullSpeed', (arg?: SessionRef) => this.toggleFullSpeed(arg)),
      vscode.commands.registerCommand('browserCanvas.wakeSession', (arg?: SessionRef) => {
        const sessionId = sessionOf(arg) ?? this.focus.sessionId();
        if (sessionId) {
          this.resources.hibernation.used(sessionId);
        }
      }),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, { deserializeWebviewPanel: async (panel) => this.adopt(panel, await this.frameSockets.open()) }),
    ];
  }

  /** Pins a session to full speed, or lets it rest again: the Sessions view's row, a session id, else the focused tile's session. */
  private async toggleFullSpeed(arg?: SessionRef): Promise<void> {
    const sessionId = sessionOf(arg) ?? this.focus.sessionId();
    if (!sessionId) {
      void vscode.window.showInformationMessage('Pick a session in the Sessions view, or focus one of its tiles, to keep it at full speed.');
      return;
    }
    const pinned = await this.resources.fullSpeed.toggle(sessionId);
    this.channel.info(`Session ${sessionId} ${pinned ? 'is kept at full speed' : 'rests again when out of view'}.`);
  }

  /** Opens or reveals the panel; with a session, brings its tile (or its page `pageId`'s) into view. */
  async show(sessionId?: string, pageId?: string): Promise<void> {
    if (this.current) {
      this.current.panel.reveal();
    } else {
      // A canvas tab the editor restored but has not handed over yet (it does so when the tab is
      // first shown) would come back as a second canvas and replace this one: close it first.
      await vscode.window.tabGroups.close(canvasTabs());
      this.create(await this.frameSockets.open());
    }
    if (sessionId) {
      this.current?.controller.reveal(sessionId, pageId);
    }
  }

  /** Opens the panel unless it is open or the editor is restoring it (after a window reload). */
  async ensureOpen(): Promise<void> {
    if (!this.current && canvasTabs().length === 0) {
      await this.show();
    }
  }

  private create(frameSocket: CanvasFrameSocket | undefined): void {
    if (this.current) {
      frameSocket?.channel.dispose(); // another call opened the panel while this one waited
      this.current.panel.reveal();
    } else {
      this.adopt(vscode.window.createWebviewPanel(VIEW_TYPE, 'Browser Canvas', vscode.ViewColumn.Active, {}), frameSocket);
    }
  }

  private adopt(panel: vscode.WebviewPanel, frameSocket: CanvasFrameSocket | undefined): void {
    this.current?.panel.dispose();
    const store = new DisposableStore();
    if (frameSocket) {
      store.add(frameSocket.channel);
    }
    const extensionUri = this.context.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'browser-canvas.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
    const pages = store.add(new LivePages(this.manager, (text) => this.channel.warn(text)));
    // Read per setting change, not per frame: the controller asks for it on every frame it posts.
    let transport = frameTransport();
    store.add(vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('browserCanvas.frameTransport') && (transport = frameTransport())));
    const controller = store.add(
      new CanvasController(pages, this.manager, {
        post: (message) => void panel.webview.postMessage(message),
        readClipboard: () => Promise.resolve(vscode.env.clipboard.readText()),
        writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
        runCommand: (command) => void vscode.commands.executeCommand(`browserCanvas.${command}`),
        pickFiles: async (multiple) => (await vscode.window.showOpenDialog({ canSelectMany: multiple, openLabel: 'Give to Page' }))?.map((uri) => uri.fsPath),
        loadLayout: () => this.loadLayout(),
        saveLayout: (layout) => void this.context.workspaceState.update(LAYOUT_KEY, layout),
        frameTransport: () => transport,
        frameSocket,
        confirmCloseLastPage: async (label) => {
          const detail = 'The browser keeps running with its logins, and its tile offers a new page. Terminate Session ends the browser instead.';
          const choice = await vscode.window.showWarningMessage(`Close the last page of "${label}"?`, { modal: true, detail }, 'Close Page', 'Terminate Session');
          return choice === 'Close Page' ? 'closePage' : choice === 'Terminate Session' ? 'terminate' : undefined;
        },
        ...this.tileActions,
        setScreenPixelRatio: (ratio) => void this.context.globalState.update(SCREEN_PIXEL_RATIO_KEY, Math.round(ratio * 100) / 100),
        warn: (text) => this.channel.warn(text),
        resourcePolicy: resourcePolicyEnabled,
        isPinned: (sessionId) => this.resources.fullSpeed.has(sessionId),
        keepFullSpeed: (sessionId, on) => this.resources.fullSpeed.set(sessionId, on),
        isHibernated: (sessionId) => this.resources.hibernation.isHibernated(sessionId),
        used: (sessionId) => this.resources.hibernation.used(sessionId),
      }, this.agent.onDidStep, this.recordings, this.agent.timeline),
    );
    store.add(this.resources.fullSpeed.onDidChange(() => controller.policyChanged()));
    store.add(this.resources.hibernation.onDidChange(() => controller.policyChanged()));
    store.add(vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('browserCanvas.resourcePolicy') && controller.policyChanged()));
    store.add(controller.onDidChangeFocus(() => this.focusChanged.fire()));
    store.add(panel.webview.onDidReceiveMessage((message: unknown) => controller.handle(message)));
    store.add(panel.onDidChangeViewState(() => controller.setPanelVisible(panel.visible)));
    panel.webview.html = canvasHtml(panel.webview, extensionUri, frameSocket?.cspSource);
    this.current = { panel, store, controller };
    panel.onDidDispose(() => {
      store.dispose();
      this.focusChanged.fire();
      if (this.current?.panel === panel) {
        this.current = undefined;
      }
    });
  }

  /** A layout saved by an older version, or edited by hand, is ignored rather than trusted. */
  private loadLayout(): CanvasLayout | undefined {
    const parsed = canvasLayout.safeParse(this.context.workspaceState.get(LAYOUT_KEY));
    return parsed.success ? parsed.data : undefined;
  }

  /** Stops streaming but leaves the panel open, so the editor restores it after a reload. */
  dispose(): void {
    this.current?.store.dispose();
    this.current = undefined;
    this.frameSockets.dispose();
    this.focusChanged.dispose();
  }
}
