import { errorMessage } from '../errors';
import { AgentError } from '../action/agentError';
import type { ToolOutput } from './agentTool';
import { fenceUntrusted } from './untrustedFence';

// What a model reads of a tool's result, the same at every door (the editor's language model tools,
// MCP), so the doors cannot drift apart.

export { fenceUntrusted } from './untrustedFence';

/**
 * A failed call: the model reads this and decides what to try instead (AgentError messages say what).
 * What the page said (a dialog's text, what its script threw, what covers an element) follows fenced.
 */
export function toolErrorText(error: unknown): string {
  const text = `Error: ${errorMessage(error)}`;
  return error instanceof AgentError && error.untrusted ? `${text}\n${fenceUntrusted(error.untrusted)}` : text;
}

/**
 * After a load. Where the page landed is the page's own word (a redirect), so it goes fenced, and only
 * when it is not the address the call asked for (`asked`; none for back / forward / reload).
 */
export function loadedText(said: string, landed: string, asked?: string): ToolOutput {
  return asked !== undefined && sameAddress(asked, landed) ? { text: `${said}.` } : { text: `${said}; it is at the address below.`, untrusted: { content: `address: ${landed}` } };
}

function sameAddress(asked: string, landed: string): boolean {
  try {
    return new URL(asked).href === landed;
  } catch {
    return false;
  }
}
