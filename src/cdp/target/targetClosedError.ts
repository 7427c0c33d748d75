import { BrowserCanvasError } from '../errors';

/**
 * The page (or frame) a CDP command was for has gone: closed, crashed away, or its browser
 * disconnected. Made in one place (`asTargetClosed`, called by every channel we send on), so callers
 * catch this type for "the page may be gone" and let every other failure through.
 */
export class TargetClosedError extends BrowserCanvasError {
  constructor(
    readonly targetId: string,
    options?: { cause?: unknown },
  ) {
    super('PAGE_CLOSED', `The page ${targetId} has closed.`, 'Pick another page, or open a new one.', options);
    this.name = 'TargetClosedError';
  }
}

// puppeteer's own types (TargetCloseError is not exported, hence by name) and Chromium's answers for a
// session or target that no longer exists.
const CLOSED_ERROR_NAMES = new Set(['TargetCloseError', 'ConnectionClosedError']);
const CLOSED_MESSAGES = /Session closed|Target closed|No target with given id|Session with given id not found|Connection closed/;

/** `error` as a TargetClosedError when it says the target went away; otherwise `error` itself. */
export function asTargetClosed(error: unknown, targetId: string): unknown {
  if (error instanceof TargetClosedError) {
    return error;
  }
  const closed = error instanceof Error && (CLOSED_ERROR_NAMES.has(error.name) || CLOSED_MESSAGES.test(error.message));
  return closed ? new TargetClosedError(targetId, { cause: error }) : error;
}

/** Waits for `work`; a closed target gives `undefined` (the caller had nothing left to do), any other failure throws. */
export async function unlessClosed<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    return ignoreClosed(error);
  }
}

/** Whether `error` says the target went away (what `asTargetClosed` turns into a TargetClosedError). */
export function isTargetClosed(error: unknown): boolean {
  return asTargetClosed(error, '') instanceof TargetClosedError;
}

/** For `.catch`: a closed target is the expected end of fire-and-forget work; any other failure still surfaces. */
export function ignoreClosed(error: unknown): undefined {
  if (isTargetClosed(error)) {
    return undefined;
  }
  throw error;
}

/**
 * For `.catch` on work nobody awaits: a closed target ends it quietly; any other failure goes to
 * `report` (a log line), never left as an unhandled rejection.
 */
export function reportUnlessClosed(report: (error: unknown) => void): (error: unknown) => void {
  return (error) => void (isTargetClosed(error) || report(error));
}

// Chromium's answers when the document a command was for was replaced (a navigation) or never came,
// or a frame or node it named was removed from it meanwhile.
const DOCUMENT_GONE_MESSAGES =
  /Cannot find context with specified id|Could not find object with given id|Execution context was destroyed|Cannot find default execution context|Inspected target navigated or closed|No frame for given id found|Frame with the given (?:id|frameId) (?:was|is) not found|No node with given id found|No node found for given backend id/;

function isDocumentGone(error: unknown): boolean {
  return error instanceof Error && DOCUMENT_GONE_MESSAGES.test(error.message);
}

/**
 * Waits for `work` on a document; `undefined` when the page closed, the document was replaced, or the
 * frame or node named was removed meanwhile (a read or a script meant for it has nothing left to do).
 * Any other failure throws.
 */
export async function unlessGone<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (isDocumentGone(error)) {
      return undefined;
    }
    return ignoreClosed(error);
  }
}
