import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { IDisposable } from '../disposable';
import { errorMessage } from '../errors';
import type { McpEndpoint } from './endpointFile';
import { refuseRequest } from './requestGuard';

/** Initialize requests are small; anything this big is not one. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * A client that went away without saying so (killed, or an editor window closed) leaves its MCP
 * session behind. One with no request open (a live client keeps its event stream open) and nothing
 * sent for this long is forgotten, so the editor stops naming it as an agent that can act.
 */
export const MCP_IDLE = { idleMs: 10 * 60_000, sweepMs: 60_000 };

interface McpConnection {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: McpServer;
  /** Requests of this client now open (its event stream is one). */
  open: number;
  lastSeen: number;
}

/**
 * MCP over Streamable HTTP on 127.0.0.1 (a port of the system's choosing), behind a 256-bit bearer
 * token; requests are checked (refuseRequest) before the SDK sees them. Each client connection
 * (MCP session) gets its own McpServer from `serverFor`, so each logs its own client's name.
 * `/mcp` is the MCP endpoint; `/health` answers 204 to a request with the token, so the stdio entry
 * can tell a live server from a stale endpoint file.
 */
export class McpHttpServer implements IDisposable {
  private readonly connections = new Map<string, McpConnection>();
  private readonly sweeper: NodeJS.Timeout;
  private disposed = false;

  private constructor(
    private readonly http: Server,
    readonly endpoint: McpEndpoint,
    private readonly serverFor: () => McpServer,
    private readonly log: (message: string) => void,
    private readonly idle: typeof MCP_IDLE,
  ) {
    http.on('request', (req, res) => void this.handle(req, res));
    this.sweeper = setInterval(() => this.forgetIdle(), idle.sweepMs);
    this.sweeper.unref();
  }

  static async start(serverFor: () => McpServer, log: (message: string) => void = () => undefined, idle = MCP_IDLE): Promise<McpHttpServer> {
    const http = createServer();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    return new McpHttpServer(http, { port, token: randomBytes(32).toString('hex'), pid: process.pid }, serverFor, log, idle);
  }

  get url(): string {
    return `http://127.0.0.1:${this.endpoint.port}/mcp`;
  }

  /** The names the connected clients gave (from initialize), each once: whom a handoff can reach. */
  clientNames(): string[] {
    return [...new Set([...this.connections.values()].map(({ server }) => server.server.getClientVersion()?.name ?? 'an MCP client'))];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const refusal = refuseRequest(req.headers, this.endpoint.port, this.endpoint.token);
      if (refusal) {
        this.log(`MCP: refused a ${req.method} request (${refusal.status}): ${refusal.reason}`);
        return reply(res, refusal.status, refusal.reason, refusal.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
      }
      const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (pathname === '/health') {
        return reply(res, 204);
      }
      if (pathname !== '/mcp') {
        return reply(res, 404, 'The MCP endpoint is /mcp.');
      }
      const sessionId = req.headers['mcp-session-id'];
      if (typeof sessionId === 'string') {
        const connection = this.connections.get(sessionId);
        if (!connection) {
          return reply(res, 404, 'No such MCP session: initialize again.');
        }
        connection.open += 1;
        res.once('close', () => {
          connection.open -= 1;
          connection.lastSeen = performance.now();
        });
        return await connection.transport.handleRequest(req, res);
      }
      if (req.method !== 'POST') {
        return reply(res, 400, 'Start with an initialize request (POST).');
      }
      const body = await readJson(req);
      if (!isInitializeRequest(body)) {
        return reply(res, 400, 'Start with an initialize request, or send the Mcp-Session-Id you were given.');
      }
      await (await this.connect()).handleRequest(req, res, body);
    } catch (error) {
      this.log(`MCP: a request failed: ${errorMessage(error)}`);
      if (!res.headersSent) {
        reply(res, 400, errorMessage(error));
      } else {
        res.end();
      }
    }
  }

  /** A new client: its own transport and server, forgotten when it closes. */
  private async connect(): Promise<StreamableHTTPServerTransport> {
    const server = this.serverFor();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // A call's answer as one JSON body, not an event stream per call: less work on both ends of every
      // call (the stdio relay's most of all). We send nothing else on a call's way (no progress);
      // questions to the client (elicitation) go on its own event stream (GET), as before.
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        this.connections.set(id, { transport, server, open: 0, lastSeen: performance.now() });
        this.log(`MCP: ${server.server.getClientVersion()?.name ?? 'a client'} connected.`);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) {
        this.connections.delete(transport.sessionId);
      }
    };
    await server.connect(transport);
    return transport;
  }

  private forgetIdle(): void {
    for (const { server, open, lastSeen } of this.connections.values()) {
      if (open === 0 && performance.now() - lastSeen > this.idle.idleMs) {
        this.log(`MCP: forgot ${server.server.getClientVersion()?.name ?? 'a client'}, silent for ${Math.round(this.idle.idleMs / 60_000)} min with no stream open.`);
        void server.close(); // closes its transport, whose onclose forgets the connection
      }
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    clearInterval(this.sweeper);
    for (const { server } of this.connections.values()) {
      void server.close();
    }
    this.connections.clear();
    this.http.close();
    this.http.closeAllConnections();
  }
}

function reply(res: ServerResponse, status: number, text?: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, text ? { 'Content-Type': 'text/plain; charset=utf-8', ...headers } : headers).end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new Error('The request body is too large.');
    }
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
