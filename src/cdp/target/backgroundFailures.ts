import type { Logger } from 'pino';
import { errorMessage } from '../errors';
import { reportUnlessClosed } from './targetClosedError';

/** Distinct failures logged per owner, at most. */
const MAX_LOGGED_FAILURES = 20;

/**
 * Where one owner's work that nobody awaits (a page's, a connection's) reports its failures: a closed
 * target ends such work quietly; any other failure is logged, each kind (what, and its message) once,
 * as work stuck behind a dialog or a slow browser fails alike on every tick.
 */
export class BackgroundFailures {
  /** Failures already logged, as `what: message`. */
  private readonly logged = new Set<string>();

  constructor(
    private readonly log: Pick<Logger, 'warn'>,
    /** What every line says besides the failure: its event, and whose work it was. */
    private readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  /** For `.catch` on work nobody awaits (`what` names it): never leaves an unhandled rejection. */
  warnUnlessClosed(what: string): (error: unknown) => void {
    return reportUnlessClosed((error) => {
      const message = errorMessage(error);
      const key = `${what}: ${message}`;
      if (!this.logged.has(key) && this.logged.size < MAX_LOGGED_FAILURES) {
        this.logged.add(key);
        this.log.warn({ ...this.fields, what, error: message }, `${what} failed`);
      }
    });
  }
}
