import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { IDisposable } from './disposable';
import { Emitter } from './events';
import { RecordPatch, SessionRegistry } from './registry';
import { correctRebuilt, lostStatus } from './sessionAdoption';
import { SessionRecord } from './types';

export interface SessionChange {
  readonly kind: 'added' | 'changed' | 'removed';
  readonly id: string;
}

/**
 * This window's copy of the registry. Every record read or written passes through it, and the rebuilt
 * ones this window holds connected are corrected on the way: a rebuild guesses every session dead
 * and held by the developer, and a connected session is never dead.
 */
export class SessionView implements IDisposable {
  private readonly records = new Map<string, SessionRecord>();
  private readonly changed = new Emitter<SessionChange>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly registry: SessionRegistry,
    private readonly log: Logger,
    private readonly holdsConnected: (id: string) => boolean,
  ) {}

  list(): SessionRecord[] {
    return [...this.records.values()].sort((a, b) => a.created.localeCompare(b.created));
  }

  get(id: string): SessionRecord | undefined {
    return this.records.get(id);
  }

  /** Re-reads the registry; returns the ids other windows removed meanwhile. */
  async refresh(): Promise<string[]> {
    const latest = new Map((await this.registry.list()).map((record) => [record.id, record]));
    const removed = [...this.records.keys()].filter((id) => !latest.has(id));
    removed.forEach((id) => this.forget(id));
    await this.absorb([...latest.values()]);
    return removed;
  }

  /** Records a new session. */
  async add(record: SessionRecord): Promise<void> {
    await this.registry.put(record);
    this.remember(record);
  }

  /**
   * Updates a session that exists. One that another window removed meanwhile stays removed: an update
   * never brings a record back.
   */
  async save(id: string, patch: RecordPatch): Promise<SessionRecord> {
    const held = this.records.get(id);
    const saved = await this.registry.patch(id, patch);
    if (!saved) {
      this.forget(id);
      return { ...held!, ...patch };
    }
    await this.absorb([saved], () => held && { ...held, ...patch });
    return this.records.get(id)!;
  }

  /** Marks sessions whose browser is gone, in one write; a record another window changed meanwhile is left. */
  async markLost(records: readonly SessionRecord[]): Promise<void> {
    const probed = new Map(records.map((record) => [record.id, record]));
    // A different pid means another window started the browser again since we looked.
    const saved = await this.registry.patchEach([...probed.keys()], (current) => (current.pid === probed.get(current.id)!.pid ? { status: lostStatus(current), rebuilt: undefined } : undefined));
    [...probed.keys()].filter((id) => !saved.has(id)).forEach((id) => this.forget(id));
    await this.absorb([...saved.values()]);
  }

  async remove(id: string): Promise<void> {
    await this.registry.remove(id);
    this.forget(id);
  }

  /** Something about the session besides its record changed (its pages): its views redraw. */
  touch(id: string): void {
    this.changed.fire({ kind: 'changed', id });
  }

  forget(id: string): void {
    if (this.records.delete(id)) {
      this.changed.fire({ kind: 'removed', id });
    }
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Takes records read from the registry, correcting the rebuilt ones held here in one write. */
  private async absorb(records: readonly SessionRecord[], heldAs = (id: string) => this.records.get(id)): Promise<void> {
    const corrections = new Map<string, RecordPatch>();
    for (const record of records) {
      const correction = correctRebuilt(record, heldAs(record.id), this.holdsConnected(record.id));
      if (correction) {
        corrections.set(record.id, correction);
      }
      this.remember(correction ? { ...record, ...correction } : record);
    }
    if (corrections.size) {
      const saved = await this.registry.patchEach([...corrections.keys()], (current) => correctRebuilt(current, this.records.get(current.id), true));
      this.log.warn({ event: 'registryReconciled', sessions: [...corrections.keys()] }, 'a rebuilt registry showed sessions this window holds as dead; corrected');
      saved.forEach((record) => this.remember(record));
    }
  }

  /** Keeps `record`; says so only when it differs (a registry re-read echoes our own writes back). */
  private remember(record: SessionRecord): void {
    const known = this.records.get(record.id);
    // As the registry file keeps it: a field set to undefined is no field.
    const kept = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as SessionRecord;
    if (known && isDeepStrictEqual(known, kept)) {
      return;
    }
    this.records.set(record.id, kept);
    this.changed.fire({ kind: known ? 'changed' : 'added', id: record.id });
  }
}
