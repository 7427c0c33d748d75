import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InitializeResultSchema, isInitializedNotification, isInitializeRequest, isJSONRPCRequest, JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../errors';
import type { McpEndpoint } from './endpointFile';
import { findLiveEndpoint } from './liveEndpoint';

/** The id of an initialize the relay repeats to a new server: its answer is the relay's, not the client's. */
const REPEATED_INITIALIZE_ID = 'browser-canvas-relay-initialize';

type Upstream = Promise<StreamableHTTPClientTransport | undefined>;

/**
 * Relays an MCP client on stdio to an editor window's server, message for message (the SDK's two
 * transports, nothing parsed or re-issued between them), so the agent acts through the editor's
 * AgentBrowser (the developer watches it on the canvas, Take Back stops it). The client's own
 * initialize goes through, so the editor logs the client's name. When that server goes away (the
 * window reloads), messages go to the server the storage folder names then, after the client's
 * handshake is repeated to it. Settles when the client closes stdio.
 */
export async function relayStdio(storageDir: string, endpoint: McpEndpoint, log: (message: string) => void): Promise<void> {
  const stdio = new StdioServerTransport();
  const handshake: { initialize?: JSONRPCRequest; initialized?: JSONRPCMessage } = {};
  let repeatedInitializeAnswered: (() => void) | undefined;

  const toClient = (upstream: StreamableHTTPClientTransport) => (message: JSONRPCMessage) => {
    const id = 'id' in message ? message.id : undefined;
    // The client transport sends the negotiated version on later requests, as the SDK's Client would tell it to.
    if ('result' in message && (id === REPEATED_INITIALIZE_ID || id === handshake.initialize?.id)) {
      const initialized = InitializeResultSchema.safeParse(message.result);
      if (initialized.success) {
        upstream.setProtocolVersion(initialized.data.protocolVersion);
      }
    }
    if (id === REPEATED_INITIALIZE_ID) {
      repeatedInitializeAnswered?.();
    } else {
      void stdio.send(message);
    }
  };
  const open = async (to: McpEndpoint) => {
    const upstream = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${to.port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${to.token}` } } });
    upstream.onmessage = toClient(upstream);
    upstream.onerror = (error) => log(`Relay: ${errorMessage(error)}`);
    await upstream.start();
    return upstream;
  };
  /** A window's new server: the client's handshake again, then on as before. */
  const reopen = async (to: McpEndpoint) => {
    const upstream = await open(to);
    if (handshake.initialize) {
      const answered = new Promise<void>((resolve) => (repeatedInitializeAnswered = resolve));
      await upstream.send({ ...handshake.initialize, id: REPEATED_INITIALIZE_ID });
      await answered;
    }
    if (handshake.initialized) {
      await upstream.send(handshake.initialized);
    }
    log(`Reconnected to the editor's MCP server (pid ${to.pid}).`);
    return upstream;
  };

  let upstream: Upstream = open(endpoint);
  /** The server behind `gone` went away: the one the storage folder names now, looked for once however many messages saw it go. */
  const replace = (gone: Upstream): Upstream => {
    if (upstream === gone) {
      upstream = gone
        .then(async (old) => {
          void old?.close();
          const next = await findLiveEndpoint(storageDir);
          return next && (await reopen(next));
        })
        .catch((error: unknown) => {
          log(`Could not reach the editor's new MCP server: ${errorMessage(error)}`);
          return undefined;
        });
    }
    return upstream;
  };
  const send = async (via: Upstream, message: JSONRPCMessage): Promise<{ arrived: boolean } | undefined> => {
    try {
      const transport = await via;
      if (!transport) {
        return { arrived: false };
      }
      await transport.send(message);
      return undefined;
    } catch (error) {
      log(`The editor's MCP server did not take a message: ${errorMessage(error)}`);
      return { arrived: !neverArrived(error) };
    }
  };
  const forward = async (message: JSONRPCMessage) => {
    const via = upstream;
    const failed = await send(via, message);
    if (!failed) {
      return;
    }
    // Before the handshake there is nothing to repeat to another server: the client starts again.
    const next = handshake.initialize && !isInitializeRequest(message) ? replace(via) : undefined;
    // A call the server may have begun is not sent twice: a click done once must not be done again.
    if (next && !failed.arrived && !(await send(next, message))) {
      return;
    }
    if (isJSONRPCRequest(message)) {
      await stdio.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: failed.arrived ? WENT_AWAY_DURING_CALL : DID_NOT_ANSWER } });
    }
  };

  const closed = new Promise<void>((resolve) => {
    stdio.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  // Messages leave in the order they came; a request does not hold the next ones until it is answered
  // (the client's cancellation of a waiting call must get through).
  let queue = Promise.resolve();
  stdio.onmessage = (message) => {
    if (isJSONRPCRequest(message) && isInitializeRequest(message)) {
      handshake.initialize = message;
    } else if (isInitializedNotification(message)) {
      handshake.initialized = message;
    }
    queue = queue.then(() => {
      const forwarded = forward(message);
      return isJSONRPCRequest(message) ? undefined : forwarded;
    });
  };
  stdio.onerror = (error) => log(`Relay (stdio): ${errorMessage(error)}`);
  await stdio.start();
  await closed;
  const last = await upstream;
  await last?.terminateSession().catch(() => undefined);
  await Promise.all([last?.close(), stdio.close()]);
}

const DID_NOT_ANSWER = "The editor's Browser Canvas did not answer: reconnect this MCP server to reach it again, or to work without the editor.";
const WENT_AWAY_DURING_CALL =
  "The editor's Browser Canvas went away during this call, so whether it was done is not known: look at the page (take_snapshot) before you try it again.";

/** A send the server refused (HTTP error) or never got (no one listening): safe to send to another server. */
function neverArrived(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) {
    return true;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === 'ECONNREFUSED';
}
