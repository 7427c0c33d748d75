// Frames straight from the extension host to the canvas's frame worker over a loopback WebSocket,
// past the editor's webview message channel. In the web workbench that channel deflates every
// message in the extension host and inflates it in the workbench, and hands it on twice more before
// the worker has it (npm run bench measures each way). The canvas answers each frame on the socket
// too: short text messages, which the channel's owner validates like any webview message.
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { Emitter, Event, IDisposable } from '../cdp';
import { encodeFrame, FrameHeader } from '../contract/frameWire';

export const FRAME_SOCKET_PATH = '/frames/';
/** The canvas sends only short answers (`{"type":"frameDrawn","tileId":…}`). */
const MAX_MESSAGE_BYTES = 1024;
/** A connection that misses a ping's answer for this long is dead (a sleeping laptop, a dropped tunnel). */
const HEARTBEAT_MS = 10_000;

/** One canvas's frame socket: the path that reaches it and the newest connection on it. */
export interface FrameChannel extends IDisposable {
  /** `/frames/<token>`: the token is the only credential, so it never goes to a log. */
  readonly path: string;
  /** Sends a frame (its JPEG as base64, as the browser gave it); false when no canvas is connected. */
  send(header: FrameHeader, base64Jpeg: string): boolean;
  /** A message from the canvas's current connection, parsed from JSON and not yet validated. */
  readonly onDidReceive: Event<unknown>;
  /** The connection closed, died or was replaced: frames sent on it and not answered never will be. */
  readonly onDidDisconnect: Event<void>;
  /** Closes the current connection (its canvas sent what it must not); the canvas may connect again. */
  disconnect(): void;
  /**
   * Lets this channel's canvas connect from `origin`, the origin its own document reported in its
   * `ready` message (a web workbench that serves each webview from an origin of its own: Theia's
   * `<id>.webview.<host>`); no other channel takes it. False for what no webview has (`null`, a path).
   */
  trustWebviewOrigin(origin: string): boolean;
}

interface Connection {
  readonly socket: WebSocket;
  alive: boolean;
}

interface ChannelState {
  connection?: Connection;
  webviewOrigin?: string;
  readonly received: Emitter<unknown>;
  readonly disconnected: Emitter<void>;
}

/**
 * Whether an upgrade comes from a canvas webview: the desktop editor's `vscode-webview://…`, or the
 * origin of a web workbench that serves its webviews itself (code-server). Any page in any browser on
 * the machine can open a WebSocket to loopback, but its Origin header is its own and it cannot change
 * it: so besides the token (which a page cannot know), only the webview's origin may connect.
 */
export function isCanvasOrigin(origin: string | undefined, workbenchOrigins: ReadonlySet<string>): boolean {
  if (!origin) {
    return false; // every browser sends one; only something that is not the canvas leaves it out
  }
  return origin.startsWith('vscode-webview://') || workbenchOrigins.has(origin);
}

/** `scheme://host[:port]` of a page served over HTTP(S): a sandboxed frame's `null` and file pages are not. */
const WEB_ORIGIN = /^https?:\/\/[^/?#\s]+$/;

export class FrameSocketServer implements IDisposable {
  private readonly channels = new Map<string, ChannelState>();
  private readonly workbenchOrigins = new Set<string>();
  private readonly refusedOrigins = new Set<string>();
  private readonly sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES });
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly server: Server,
    private readonly warn: (text: string) => void,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.checkConnections(), heartbeatMs).unref();
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(request, socket, head));
    server.on('error', (error) => warn(`The frame socket server failed: ${error.message}`));
  }

  /** Listens on a free loopback port; pings each connection every `heartbeatMs`. */
  static async start(warn: (text: string) => void, heartbeatMs = HEARTBEAT_MS): Promise<FrameSocketServer> {
    const server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FrameSocketServer(server, warn, heartbeatMs);
  }

  /** Where it listens: always loopback. */
  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Lets webviews served by the workbench at `origin` (scheme://host:port) connect. */
  trustWorkbenchOrigin(origin: string): void {
    this.workbenchOrigins.add(origin);
  }

  openChannel(): FrameChannel {
    const token = randomBytes(32).toString('hex');
    const channel: ChannelState = { received: new Emitter(), disconnected: new Emitter() };
    this.channels.set(token, channel);
    return {
      path: `${FRAME_SOCKET_PATH}${token}`,
      onDidReceive: channel.received.event,
      onDidDisconnect: channel.disconnected.event,
      send: (header, base64Jpeg) => {
        const socket = channel.connection?.socket;
        if (socket?.readyState !== WebSocket.OPEN) {
          return false;
        }
        const jpegBytes = Buffer.byteLength(base64Jpeg, 'base64');
        // Decoded from base64 straight into the message: no copy of the picture on the way.
        socket.send(encodeFrame(header, jpegBytes, (into) => Buffer.from(into.buffer, into.byteOffset, into.byteLength).write(base64Jpeg, 'base64')));
        return true;
      },
      disconnect: () => channel.connection?.socket.terminate(),
      trustWebviewOrigin: (origin) => {
        if (!WEB_ORIGIN.test(origin)) {
          return false;
        }
        channel.webviewOrigin = origin;
        return true;
      },
      dispose: () => {
        closeChannel(channel);
        this.channels.delete(token);
      },
    };
  }

  private upgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    const token = request.url?.startsWith(FRAME_SOCKET_PATH) ? request.url.slice(FRAME_SOCKET_PATH.length) : '';
    const channel = this.channels.get(token);
    if (!channel) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const origin = request.headers.origin;
    if (!isCanvasOrigin(origin, this.workbenchOrigins) && !(origin && origin === channel.webviewOrigin)) {
      if (!this.refusedOrigins.has(origin ?? '')) {
        this.refusedOrigins.add(origin ?? ''); // once per origin: a page retrying must not flood the log
        this.warn(`Refused a frame socket connection from ${origin ?? 'a client that sent no Origin'}: only the canvas webview may connect (its frames go as messages).`);
      }
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (accepted) => this.adopt(channel, accepted));
  }

  /** A reloaded canvas connects again: its newest connection gets the frames, and the old one is done. */
  private adopt(channel: ChannelState, socket: WebSocket): void {
    const previous = channel.connection;
    const connection: Connection = { socket, alive: true };
    channel.connection = connection;
    if (previous) {
      previous.socket.terminate();
      channel.disconnected.fire();
    }
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (channel.connection !== connection) {
        return;
      }
      const message = isBinary ? undefined : parseJson(data.toString('utf8'));
      if (message === undefined) {
        this.warn('Closed a frame socket: the canvas sent something that is not a JSON text message.');
        socket.terminate();
        return;
      }
      channel.received.fire(message);
    });
    socket.on('error', (error) => this.warn(`A frame socket failed: ${error.message}`));
    socket.on('close', () => {
      if (channel.connection === connection) {
        channel.connection = undefined;
        channel.disconnected.fire();
      }
    });
  }

  private checkConnections(): void {
    for (const { connection } of this.channels.values()) {
      if (connection && !connection.alive) {
        connection.socket.terminate();
      } else if (connection) {
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }

  dispose(): void {
    clearInterval(this.heartbeat);
    this.channels.forEach(closeChannel);
    this.channels.clear();
    this.sockets.close();
    this.server.close();
  }
}

function closeChannel(channel: ChannelState): void {
  channel.connection?.socket.terminate();
  channel.received.dispose();
  channel.disconnected.dispose();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
