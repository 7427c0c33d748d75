import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InitializeResultSchema, isInitializedNotification, isInitializeRequest, isJSONRPCRequest, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../errors';
import type { McpEndpoint } from './endpointFile';
import { findLiveEndpoint } from './liveEndpoint';

/** The id of an initialize the relay repeats to a new server: its answer is the relay's, not the client's. */
const REPEATED_INITIALIZE_ID = 'browser-canvas-relay-initialize';

/**
 * Relays an MCP client on stdio to an editor window's server, message for message, so the agent acts
 * through the editor's AgentBrowser (the developer watches it on the canvas, Take Back stops it). The
 * client's own initialize goes through, so the editor logs the client's name. When that server goes
 * away (the window reloads), the next message goes to the server the storage folder names then, after
 * the client's handshake is repeated to it. Settles when the client closes stdio.
 */
export async function relayStdio(storageDir: string, endpoint: McpEndpoint, log: (message: string) => void): Promise<void> {
  const stdio = new StdioServerTransport();
  const handshake: { initialize?: JSONRPCMessage; initialized?: JSONRPCMessage } = {};
  let repeatedInitializeAnswered: (() => void) | undefined;

  const toClient = (upstream: StreamableHTTPClientTransport) => (message: JSONRPCMessage) => {
    // The client transport sends the negotiated version on later requests, as the SDK's Client would tell it to.
    const initialized = 'result' in message ? InitializeResultSchema.safeParse(message.result) : undefined;
    if (initialized?.success) {
      upstream.setProtocolVersion(initialized.data.protocolVersion);
    }
    if ('id' in message && message.id === REPEATED_INITIALIZE_ID) {
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
      await upstream.send({ ...handshake.initialize, id: REPEATED_INITIALIZE_ID } as JSONRPCMessage);
      await answered;
    }
    if (handshake.initialized) {
      await upstream.send(handshake.initialized);
    }
    log(`Reconnected to the editor's MCP server (pid ${to.pid}).`);
    return upstream;
  };

  let upstream = await open(endpoint);
  const forward = async (message: JSONRPCMessage) => {
    try {
      return await upstream.send(message);
    } catch (error) {
      log(`The editor's MCP server did not take a message: ${errorMessage(error)}`);
    }
    const next = handshake.initialize && !isInitializeRequest(message) ? await findLiveEndpoint(storageDir) : undefined;
    if (next) {
      try {
        void upstream.close();
        upstream = await reopen(next);
        return await upstream.send(message);
      } catch (error) {
        log(`Could not reach the editor's new MCP server: ${errorMessage(error)}`);
      }
    }
    if (isJSONRPCRequest(message)) {
      await stdio.send({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32603, message: "The editor's Browser Canvas did not answer: reconnect this MCP server to reach it again, or to work without the editor." },
      });
    }
  };

  const closed = new Promise<void>((resolve) => {
    stdio.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  // One message at a time, so nothing overtakes a reconnection.
  let queue = Promise.resolve();
  stdio.onmessage = (message) => {
    if (isInitializeRequest(message)) {
      handshake.initialize = message;
    } else if (isInitializedNotification(message)) {
      handshake.initialized = message;
    }
    queue = queue.then(() => forward(message));
  };
  stdio.onerror = (error) => log(`Relay (stdio): ${errorMessage(error)}`);
  await stdio.start();
  await closed;
  await upstream.terminateSession().catch(() => undefined);
  await Promise.all([upstream.close(), stdio.close()]);
}
