import { timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/** As large as puppeteer's own client accepts: full-page screenshots are big. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface HostServer {
  readonly port: number;
  /** The address a client connects to; its path is the secret. */
  readonly wsEndpoint: string;
  close(): void;
}

/**
 * Serves CDP as a WebSocket on 127.0.0.1, to clients that name the secret path
 * (`/devtools/browser/<secret>`, as Playwright's launchServer does), compared in constant time.
 * Everything else is refused before any CDP is spoken: other paths, and any request a web page
 * makes (it carries an Origin). There is no `/json` listing, so the secret cannot be looked up.
 */
export async function startHostServer(secret: string, onClient: (socket: WebSocket) => void): Promise<HostServer> {
  const expected = Buffer.from(`/devtools/browser/${secret}`);
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES });
  const server: Server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isAllowed(request, expected)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, onClient);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    wsEndpoint: `ws://127.0.0.1:${port}${expected.toString()}`,
    close: () => {
      wss.clients.forEach((client) => client.terminate());
      server.close();
    },
  };
}

function isAllowed(request: IncomingMessage, expected: Buffer): boolean {
  if (request.headers.origin !== undefined) {
    return false;
  }
  const path = Buffer.from(request.url ?? '');
  return path.length === expected.length && timingSafeEqual(path, expected);
}
