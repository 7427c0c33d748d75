/**
 * An error a model reads: what happened, and what to try instead. `code` lets callers (the chat
 * participant, tests) tell a refusal from a cancellation without parsing text.
 */
export type AgentErrorCode =
  | 'DEVELOPER_HOLDS' // the developer holds the session: ask for a handoff
  | 'CANCELLED' // the developer took the session back mid-action
  | 'DECLINED' // the developer said no when asked to confirm the action
  | 'NO_SESSION'
  | 'NO_PAGE'
  | 'STALE_REF' // a ref from before the page changed
  | 'NOT_FOUND' // no element for a selector / ref / text
  | 'NOT_ACTIONABLE' // hidden, disabled, zero-size
  | 'TIMEOUT'
  | 'ORIGIN_BLOCKED' // the allow / deny list of origins says no
  | 'INVALID_INPUT'
  | 'PAGE_ERROR' // the page's own script threw (evaluate)
  | 'DIALOG_OPEN' // a JavaScript dialog waits for an answer: handle_dialog
  | 'PAGE_CRASHED' // the renderer crashed: reload
  | 'NOT_RESPONDING' // the page's main thread does not answer
  | 'STEP_FAILED'; // a flow's step found no element or failed: see FlowReplayError

/** Text from a page, for the untrusted part of a result: the model reads it as data, never as instructions. */
export interface UntrustedContent {
  /** The site that wrote it, where the result does not already say (a snapshot names its address; an action acts on the page the call named). */
  readonly origin?: string;
  readonly content: string;
}

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    /** Our own words only: what the page says goes in `untrusted`. */
    message: string,
    readonly untrusted?: UntrustedContent,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export function isAgentError(error: unknown, code?: AgentErrorCode): error is AgentError {
  return error instanceof AgentError && (code === undefined || error.code === code);
}
