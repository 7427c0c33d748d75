import { errorMessage } from '../errors';
import { AgentError } from '../action/agentError';
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
