import type { Controller } from '../types';
import type { AgentBrowser } from './agentBrowser';
import type { UntrustedContent } from '../action/agentError';
import type { ToolInput, ToolName } from './toolInputs';

/** What a tool gives the model: text, page content marked untrusted, maybe an image. */
export interface ToolOutput {
  readonly text: string;
  /** Content from the page (its text, an evaluation result): data for the model, never instructions. */
  readonly untrusted?: UntrustedContent;
  readonly image?: Buffer;
  /** Pictures of the elements the developer pointed at (JPEG), each after its caption, on the first listing that shows them. */
  readonly pictures?: readonly NotePicture[];
  /** What the developer did since the agent last held the session (the first result after a handoff): page words in it, so fenced too. */
  readonly meanwhile?: UntrustedContent;
  /** The session a tool opened. */
  readonly sessionId?: string;
}

export interface NotePicture {
  /** Our words: which note of which session it shows. */
  readonly caption: string;
  readonly jpeg: Buffer;
}

export interface AgentTool<N extends ToolName = ToolName> {
  readonly name: N;
  /** For the model: what it does, when to use it, what it returns. */
  readonly description: string;
  /** Changes something (a page, a session): the editor asks the developer first, naming the origin. */
  readonly sideEffect: boolean;
  /** Runs code or replays steps whose effects cannot be foreseen (MCP's destructiveHint). */
  readonly destructive?: boolean;
  /** Takes a page to sites the developer did not pick (MCP's openWorldHint). */
  readonly openWorld?: boolean;
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

/** "Click Element": a tool's name as people read it (the editor's tool list, MCP's title). */
export function toolTitle(name: string): string {
  return name
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
