import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ZodType } from 'zod';
import type { AgentBrowser } from '../agent/agentBrowser';
import type { AgentTool } from '../agent/agentTool';
import { toolInputs } from '../agent/toolInputs';
import { UNTRUSTED_NOTE } from '../agent/untrustedFence';
import { callAgentTool } from '../agent/toolCall';
import { ConfirmationOptions, confirmAction } from './actionConfirmation';
import { errorResult, toCallToolResult, toolAnnotations } from './mcpTools';

export const MCP_SERVER_NAME = 'browser-canvas';

const INSTRUCTIONS =
  'Drives the browser sessions the developer sees on the Browser Canvas. Call list_sessions first: you may act only on sessions the agent holds ' +
  `(the developer hands them over) or that you open with open_session. ${UNTRUSTED_NOTE}`;

/**
 * One MCP server (one per client connection) over the agent tool table: the same tools, inputs and
 * rules as the editor's language model tools (side effects confirmed per `confirmation`), every
 * action logged as `mcp:<client name>`.
 */
export function createMcpServer(browser: AgentBrowser, tools: readonly AgentTool[], version: string, confirmation?: ConfirmationOptions): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version }, { instructions: INSTRUCTIONS });
  for (const tool of tools) {
    // The SDK takes our zod 4 schemas as they are: it validates arguments with them and lists them as JSON schema.
    const inputSchema: ZodType<Record<string, unknown>> = toolInputs[tool.name];
    server.registerTool(tool.name, { description: tool.description, inputSchema, annotations: toolAnnotations(tool) }, async (input, extra) => {
      const sessionId = typeof input.session === 'string' ? input.session : undefined;
      // The client gave up on the call (notifications/cancelled): stop it as a cancelled chat request would.
      const onCancel = () => sessionId && browser.control.interrupt(sessionId, 'The MCP client cancelled the request.');
      extra.signal.addEventListener('abort', onCancel, { once: true });
      try {
        const client = clientName(server);
        if (confirmation) {
          await confirmAction(server, browser, tool, input, client, confirmation, extra.signal);
        }
        return toCallToolResult(await browser.asClient(client, () => callAgentTool(browser, tool, input)));
      } catch (error) {
        return errorResult(error);
      } finally {
        extra.signal.removeEventListener('abort', onCancel);
      }
    });
  }
  return server;
}

/** "mcp:claude-code": the client's own name (from initialize), kept to characters safe in a log line. */
export function clientName(server: McpServer): string {
  const name = server.server.getClientVersion()?.name ?? 'unknown';
  return `mcp:${name.replace(/[^\w.@/-]+/g, '-').slice(0, 64) || 'unknown'}`;
}
