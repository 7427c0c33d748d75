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

/** The developer's answer: this action only, every side effect of this client on this site until the session leaves the agent, or no. */
export type ConfirmAnswer = 'once' | 'site' | undefined;

export interface ConfirmationOptions {
  /** browserCanvas.agent.confirmActions */
  readonly enabled: () => boolean;
  /** Asks in the editor, for clients that cannot ask (no MCP elicitation). */
  readonly inEditor?: (action: ActionToConfirm, signal: AbortSignal) => Promise<ConfirmAnswer>;
}

/**
 * Sites the developer allowed a client on for the rest of a handoff, by the handoff's signal (a new
 * one each time the session goes to the agent), so Take Back ends them. Clients that also ask their
 * own user about each tool call (Claude Code) would otherwise have every action confirmed twice.
 */
const sitesAllowed = new WeakMap<AbortSignal, Set<string>>();

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
  const handoff = typeof input.session === 'string' ? browser.control.signalFor(input.session) : undefined;
  // Take Back while the question is open withdraws it, as it would stop the action.
  const held = handoff ? AbortSignal.any([signal, handoff]) : signal;
  const action = { client, description: describeInvocation(browser, tool.name, input), origin: invocationOrigin(browser, tool.name, input) };
  const grant = action.origin && `${client} ${action.origin}`;
  if (grant && handoff && sitesAllowed.get(handoff)?.has(grant)) {
    return;
  }
  const site = action.origin || 'a page';
  let answer: ConfirmAnswer;
  if (server.server.getClientCapabilities()?.elicitation?.form) {
    const allowRest = { type: 'boolean' as const, title: `Allow everything on ${site} until I take the session back`, default: false };
    const properties = { allow: { type: 'boolean' as const, title: 'Allow', description: `Let ${client} do this on ${site}` }, ...(grant ? { rest: allowRest } : {}) };
    const reply = await server.server.elicitInput({ message: `Browser Canvas: ${action.description} on ${site}?`, requestedSchema: { type: 'object', properties, required: ['allow'] } }, { signal: held });
    answer = reply.action === 'accept' && reply.content?.allow === true ? (reply.content.rest === true ? 'site' : 'once') : undefined;
  } else if (options.inEditor) {
    answer = await options.inEditor(action, held);
  } else {
    return;
  }
  if (answer === 'site' && grant && handoff) {
    sitesAllowed.set(handoff, (sitesAllowed.get(handoff) ?? new Set()).add(grant));
  }
  if (!answer) {
    throw new AgentError('DECLINED', `The developer did not allow this (${action.description} on ${site}). Do not try it another way: ask them what they want instead.`);
  }
}
