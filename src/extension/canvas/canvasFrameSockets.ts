import * as vscode from 'vscode';
import { errorMessage } from '../../cdp';
import { FRAME_SOCKET_PATH, FrameChannel, FrameSocketServer } from '../../canvasHost/frameSocket';

/** A canvas's frame socket: its channel, the URL its webview connects to, and that URL's CSP source. */
export interface CanvasFrameSocket {
  readonly channel: FrameChannel;
  readonly url: string;
  readonly cspSource: string;
}

/**
 * The frame socket server, started with the first canvas. The webview reaches it through
 * `asExternalUri`: the same address on a local machine, the editor's port forwarding or proxy
 * (code-server's /proxy/<port>/) where the extension host runs elsewhere.
 */
export class CanvasFrameSockets implements vscode.Disposable {
  private started: Promise<{ server: FrameSocketServer; base: vscode.Uri } | undefined> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** A socket for one canvas; undefined when the server could not start (frames then go as messages). */
  async open(): Promise<CanvasFrameSocket | undefined> {
    const started = await (this.started ??= this.start());
    if (!started) {
      this.started = undefined; // the next canvas tries again
      return undefined;
    }
    const channel = started.server.openChannel();
    const { base } = started;
    const at = (path: string) => base.with({ scheme: base.scheme === 'https' ? 'wss' : 'ws', path: base.path.replace(/\/$/, '') + path });
    // A CSP source has no query; the URL keeps any the forwarding needs.
    return { channel, url: at(channel.path).toString(true), cspSource: at(FRAME_SOCKET_PATH).with({ query: '', fragment: '' }).toString(true) };
  }

  private async start(): Promise<{ server: FrameSocketServer; base: vscode.Uri } | undefined> {
    let server: FrameSocketServer | undefined;
    try {
      server = await FrameSocketServer.start((text) => this.log.warn(text));
      const base = await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${server.address.port}/`));
      // A web workbench (code-server) serves webviews from its own origin, which its port proxy shares.
      server.trustWorkbenchOrigin(`${base.scheme}://${base.authority}`);
      return { server, base };
    } catch (error) {
      server?.dispose();
      this.log.warn(`Frames go to the canvas as editor messages: the frame socket did not start (${errorMessage(error)}).`);
      return undefined;
    }
  }

  dispose(): void {
    void this.started?.then((started) => started?.server.dispose());
  }
}
