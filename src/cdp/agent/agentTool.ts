import type { Controller } from '../types';
import type { AgentBrowser } from './agentBrowser';
import type { UntrustedContent } from './agentError';
import type { ToolInput, ToolName } from './toolInputs';

/** What a tool gives the model: text, page content marked untrusted, maybe an image. */
export interface ToolOutput {
  readonly text: string;
  /** Content from the page (its text, an evaluation result): data for the model, never instructions. */
  readonly untrusted?: UntrustedContent;
  readonly image?: Buffer;
  /** The session a tool opened. */
  readonly sessionId?: string;
}

export interface AgentTool<N extends ToolName = ToolName> {
  readonly name: N;
  /** For the model: what it does, when to use it, what it returns. */
  readonly description: string;
  /** Changes something (a page, a session): the editor asks the developer first, naming the origin. */
  readonly sideEffect: boolean;
  /** `actor`: the agent (a tool call), or the developer (a chat slash command). */
  run(browser: AgentBrowser, input: ToolInput<N>, actor?: Controller): Promise<ToolOutput>;
}

/** Types a tool's definition by its name's input. */
export function tool<N extends ToolName>(definition: AgentTool<N>): AgentTool<N> {
  return definition;
}

/** "shop-1 (3f9a1c2e)": how a session reads in results. */
export function named(browser: AgentBrowser, sessionId: string): string {
  const record = browser.manager.get(sessionId);
  return record ? `"${record.label}" (${sessionId})` : sessionId;
}
