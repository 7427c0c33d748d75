import type { CanvasLayout, FrameTransport, HostMessage } from '../contract/protocol';
import type { FrameChannel } from './frameSocket';

/**
 * What the controller needs from the editor; the panel gives the real one, tests their own. A tile's
 * buttons are calls here (`handoff`, `terminate`, `record`) whose failures the tile shows.
 */
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
  handoff(sessionId: string, to: 'agent' | 'developer'): Promise<void>;
  /** The developer closes a session's last page: close just the page (the browser runs on), terminate the session, or neither. */
  confirmCloseLastPage(sessionLabel: string): Promise<'closePage' | 'terminate' | undefined>;
  /** Ends a session; `confirmed` when the developer has just said so, else the editor asks first. */
  terminate(sessionId: string, confirmed: boolean): Promise<void>;
  /** Starts recording the page, or stops its session's recording (which asks where to save). */
  record(sessionId: string, pageId: string, start: boolean): Promise<void>;
  /** How frames travel to the webview (browserCanvas.frameTransport). */
  frameTransport(): FrameTransport;
  /**
   * The canvas's frame socket (frameSocket.ts) for the `socket` transport: the URL its frame worker
   * connects to, and the channel, which takes frames while a canvas is connected to it.
   */
  readonly frameSocket?: { readonly url: string; readonly channel: Pick<FrameChannel, 'send' | 'onDidReceive' | 'onDidDisconnect' | 'disconnect' | 'trustWebviewOrigin'> };
  /** The screen's devicePixelRatio, which browsers launched from now on should match. */
  setScreenPixelRatio(ratio: number): void;
  /** A message was dropped or an action failed: for the log, never shown raw to the page. */
  warn(text: string): void;
  /** The resource policy (browserCanvas.resourcePolicy; on unless this says no): see `paceOf`. */
  resourcePolicy?(): boolean;
  /** A session the developer keeps at full speed whether or not its tiles are in view. */
  isPinned?(sessionId: string): boolean;
  /** The tile's pin: keep the session at full speed, or let it rest again. */
  keepFullSpeed?(sessionId: string, on: boolean): Promise<void>;
  /** A session hibernated under the memory cap (Hibernation): its tiles show their last picture until it is used. */
  isHibernated?(sessionId: string): boolean;
  /** The developer focused a tile of the session: it is the most recently used, and woken if it was hibernated. */
  used?(sessionId: string): void;
}
