import { DisposableStore, IDisposable, toDisposable } from './disposable';
import { Emitter } from './events';
import type { LogHub } from './logging';
import { formatMemory, processTreeMemory } from './processMemory';
import type { SessionManager } from './sessionManager';
import { isLive } from './types';

const READ_EVERY_MS = 10_000;
/** A session's memory is logged again once it moved this much since it was last logged (a busy page swings by a tenth). */
const LOG_AFTER_CHANGE = 0.25;

/**
 * Each launched session's memory: its browser host's process tree (host, browser, renderers, helpers)
 * read from /proc every 10 s, for the Sessions view, and logged to the session's log when it first
 * shows and whenever it moved by a quarter. Attached browsers are not ours to measure (no pid); nor is
 * anything where there is no /proc.
 */
export class SessionMemory implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  private readonly bytes = new Map<string, number>();
  private readonly logged = new Map<string, number>();
  private reading: Promise<void> | undefined;
  /** A session's figure changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly manager: SessionManager,
    private readonly logs: LogHub,
  ) {
    // A process gone mid-read is skipped inside; anything else is the next reading's to try again.
    const timer = setInterval(() => void this.read().catch(() => undefined), READ_EVERY_MS);
    timer.unref();
    this.store.add(toDisposable(() => clearInterval(timer)));
    void this.read().catch(() => undefined);
  }

  /** The session's memory at the last reading, in bytes; none once its browser stopped (hibernated, ended) since. */
  of(sessionId: string): number | undefined {
    const record = this.manager.get(sessionId);
    return record && isLive(record) ? this.bytes.get(sessionId) : undefined;
  }

  /** Reads every session's memory now (or waits for the reading under way). */
  read(): Promise<void> {
    this.reading ??= this.readAll().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readAll(): Promise<void> {
    if (this.store.isDisposed) {
      return;
    }
    const records = this.manager.list().filter((record) => isLive(record) && record.kind === 'launched' && record.pid);
    const sizes = await Promise.all(records.map(async (record) => [record.id, await processTreeMemory(record.pid!)] as const));
    const next = new Map(sizes.filter((entry): entry is readonly [string, number] => entry[1] !== undefined));
    const changed = next.size !== this.bytes.size || [...next].some(([id, size]) => this.bytes.get(id) !== size);
    this.bytes.clear();
    next.forEach((size, id) => this.bytes.set(id, size));
    for (const [id, size] of next) {
      const last = this.logged.get(id);
      if (last === undefined || Math.abs(size - last) > last * LOG_AFTER_CHANGE) {
        this.logged.set(id, size);
        this.logs.forSession(id).info({ event: 'memory', bytes: size }, `session memory ${formatMemory(size)}`);
      }
    }
    if (changed && !this.store.isDisposed) {
      this.changed.fire();
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}
