import type { AgentBrowser } from './agentBrowser';
import type { AgentTool, ToolOutput } from './agentTool';
import { named } from './agentTool';

/**
 * A tool called by an agent, as every door calls it (the editor's language model tools, MCP): its
 * result, and on the first result on a session after a handoff what the developer did since the agent
 * last held it (the session's timeline), so a handback loses nothing.
 */
export async function callAgentTool(browser: AgentBrowser, tool: AgentTool, input: Record<string, unknown>): Promise<ToolOutput> {
  const output = await tool.run(browser, input as never);
  const sessionId = typeof input.session === 'string' ? input.session : undefined;
  if (!sessionId || browser.manager.get(sessionId)?.controller !== 'agent') {
    return output;
  }
  const summary = await browser.handoffs.take(sessionId);
  if (!summary) {
    return output;
  }
  const older = summary.left ? ` (and ${summary.left} earlier ones: session_history has them)` : '';
  return {
    ...output,
    text: `${output.text}\nSince you last held session ${named(browser, sessionId)}, the developer did ${summary.lines.length} things${older}, listed below from its timeline.`,
    meanwhile: { origin: '', content: summary.lines.join('\n') },
  };
}
