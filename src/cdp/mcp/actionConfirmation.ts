import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AgentBrowser } from '../agent/agentBrowser';
import { AgentError } from '../action/agentError';
import type { AgentTool } from '../agent/agentTool';
import { describeInvocation, invocationOrigin } from '../agent/invocationText';

/** A side effect the developer is asked about: who asks, what it does, on which site. */
export interface ActionToConfirm {
  /** "mcp:claude-code" */
  readonly client: string;
  /** "Clicking e12 in session shop-1" */
  readonly description: string;
  /** '' when the page is not known yet. */
  readonly origin: string;
}

export interface ConfirmationOptions {
  /** browserCanvas.agent.confirmActions */
  readonly enabled: () => boolean;
  /** Asks in the editor, for clients that cannot ask (no MCP elicitation); resolves whether to go ahead. */
  readonly inEditor?: (action: ActionToConfirm, signal: AbortSignal) => Promise<boolean>;
}

/**
 * The confirmation the editor's own agent gets before a side effect, at the MCP door: through MCP
 * elicitation where the client supports it (its user is the developer), else in the editor. With
 * neither (a client without elicitation, no editor running) the client's own tool approval is the
 * only question asked. A session the agent does not hold is not asked about: the tool refuses it.
 */
export async function confirmAction(server: McpServer, browser: AgentBrowser, tool: AgentTool, input: Record<string, unknown>, client: string, options: ConfirmationOptions, signal: AbortSignal): Promise<void> {
  if (!tool.sideEffect || !options.enabled() || (typeof input.session === 'string' && browser.manager.get(input.session)?.controller !== 'agent')) {
    return;
  }
  // Take Back while the question is open withdraws it, as it would stop the action.
  const held = typeof input.session === 'string' ? AbortSignal.any([signal, browser.control.signalFor(input.session)]) : signal;
  const action = { client, description: describeInvocation(browser, tool.name, input), origin: invocationOrigin(browser, tool.name, input) };
  const site = action.origin || 'a page';
  let allowed: boolean;
  if (server.server.getClientCapabilities()?.elicitation?.form) {
    const answer = await server.server.elicitInput(
      {
        message: `Browser Canvas: ${action.description} on ${site}?`,
        requestedSchema: { type: 'object', properties: { allow: { type: 'boolean', title: 'Allow', description: `Let ${client} do this on ${site}` } }, required: ['allow'] },
      },
      { signal: held },
    );
    allowed = answer.action === 'accept' && answer.content?.allow === true;
  } else if (options.inEditor) {
    allowed = await options.inEditor(action, held);
  } else {
    return;
  }
  if (!allowed) {
    throw new AgentError('DECLINED', `The developer did not allow this (${action.description} on ${site}). Do not try it another way: ask them what they want instead.`);
  }
}
