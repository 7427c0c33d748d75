export type ErrorCode =
  | 'BROWSER_NOT_FOUND'
  | 'BROWSER_LAUNCH_FAILED'
  | 'PROFILE_IN_USE'
  | 'INVALID_URL'
  | 'INVALID_ENDPOINT'
  | 'ENDPOINT_UNREACHABLE'
  | 'REMOTE_ENDPOINT_REFUSED'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_DEAD'
  | 'AGENT_HOLDS_SESSION'
  | 'TERMINATE_FAILED'
  | 'NAVIGATION_FAILED'
  | 'PAGE_CLOSED'
  | 'INVALID_ARGUMENT'
  | 'REGISTRY_TOO_NEW'
  | 'REGISTRY_LOCKED'
  | 'STORAGE_NOT_WRITABLE'
  | 'TRACE_FAILED'
  | 'TRACE_NOT_RECORDING'
  | 'TRACE_ALREADY_RECORDING';

/**
 * An error a person can act on: `message` says what happened, `hint` what to do about it.
 * Made at the call site that knows both, so nothing above has to guess.
 */
export class BrowserCanvasError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BrowserCanvasError';
  }

  /** The message and the hint as one sentence pair, for notifications and logs. */
  get userMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof BrowserCanvasError) {
    return error.userMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
