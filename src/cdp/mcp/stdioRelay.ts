import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InitializeResultSchema, isJSONRPCRequest, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../errors';
import type { McpEndpoint } from './endpointFile';

/**
 * Relays an MCP client on stdio to an editor window's server, message for message, so the agent acts
 * through the editor's AgentBrowser (the developer watches it on the canvas, Take Back stops it). The
 * client's own initialize goes through, so the editor logs the client's name. Settles when either
 * side closes.
 */
export async function relayStdio(endpoint: McpEndpoint, log: (message: string) => void): Promise<void> {
  const stdio = new StdioServerTransport();
  const upstream = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${endpoint.port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${endpoint.token}` } },
  });
  const closed = new Promise<void>((resolve) => {
    stdio.onclose = resolve;
    upstream.onclose = resolve;
    process.stdin.once('end', resolve);
  });

  stdio.onmessage = (message) => {
    upstream.send(message).catch((error: unknown) => {
      log(`The editor's MCP server did not take a message: ${errorMessage(error)}`);
      if (isJSONRPCRequest(message)) {
        void stdio.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32603, message: `The editor's Browser Canvas did not answer (${errorMessage(error)}). Reconnect this MCP server to reach it again, or to work without the editor.` },
        });
      }
    });
  };
  upstream.onmessage = (message: JSONRPCMessage) => {
    // The client transport sends the negotiated version on later requests, as the SDK's Client would tell it to.
    const initialized = 'result' in message ? InitializeResultSchema.safeParse(message.result) : undefined;
    if (initialized?.success) {
      upstream.setProtocolVersion(initialized.data.protocolVersion);
    }
    void stdio.send(message);
  };
  upstream.onerror = (error) => log(`Relay: ${errorMessage(error)}`);
  stdio.onerror = (error) => log(`Relay (stdio): ${errorMessage(error)}`);

  await upstream.start();
  await stdio.start();
  await closed;
  await upstream.terminateSession().catch(() => undefined);
  await Promise.all([upstream.close(), stdio.close()]);
}
