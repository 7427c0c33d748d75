import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import type { Logger } from 'pino';
import type { IDisposable } from '../disposable';
import { errorMessage } from '../errors';

/** A lease whose holder stopped refreshing it (a window killed) is free to take after this long. */
const STALE_MS = 10_000;
/** How often a window without the lease tries again. */
const RETRY_MS = 5_000;

/**
 * Which window records the developer's actions into one session's timeline: the one holding this lease
 * (a lock beside the timeline file, refreshed while held). Every window connected to a session hears
 * each of the developer's clicks; without it each would append the click. A window that dies holding
 * the lease loses it once it goes stale, and another takes it on its next try.
 */
export class RecorderLease implements IDisposable {
  private release?: () => Promise<void>;
  private retry?: NodeJS.Timeout;
  private disposed = false;

  /** `held`: called with true once this window holds the lease, with false if it lost it. */
  constructor(
    private readonly file: string,
    private readonly held: (holds: boolean) => void,
    private readonly log: Logger,
  ) {
    void this.take();
  }

  private async take(): Promise<void> {
    try {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const release = await lockfile.lock(this.file, { realpath: false, stale: STALE_MS, update: STALE_MS / 2, retries: 0, onCompromised: () => this.lost() });
      if (this.disposed) {
        await release().catch(() => undefined);
        return;
      }
      this.release = release;
      this.held(true);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        this.log.warn({ event: 'timelineLease', file: this.file, error: errorMessage(error) }, "could not take the timeline's recorder lease; trying again");
      }
      this.later();
    }
  }

  /** Another window took it over (this one stalled past STALE_MS): it records now, this one waits its turn. */
  private lost(): void {
    this.release = undefined;
    this.held(false);
    this.later();
  }

  private later(): void {
    if (!this.disposed) {
      this.retry = setTimeout(() => void this.take(), RETRY_MS);
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    clearTimeout(this.retry);
    void this.release?.().catch(() => undefined);
    this.release = undefined;
  }
}
