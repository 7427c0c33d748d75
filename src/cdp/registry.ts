import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import * as lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { BrowserCanvasError } from './errors';
import { parseRegistry, REGISTRY_SCHEMA_VERSION, RegistryFormatError } from './registrySchema';
import { ensureWritableFolder } from './storageFolder';
import { SessionRecord } from './types';

type Sessions = Map<string, SessionRecord>;

export type RecordPatch = Partial<Omit<SessionRecord, 'id' | 'kind'>>;

/** The static part of a session, kept beside its profile so a lost registry can be rebuilt. */
type SessionIdentity = Pick<SessionRecord, 'id' | 'kind' | 'label' | 'labelPinned' | 'created' | 'headless' | 'attachUrl' | 'executablePath'>;

/**
 * Session id -> record, as JSON in global storage. Every change is read-modify-write under a
 * cross-process lock (two editor windows share the file) and lands with temp + fsync + rename, so a
 * crash mid-write leaves the previous file whole. A file that does not parse is moved aside, never
 * emptied: the registry is rebuilt from each session's `session.json`.
 */
export class SessionRegistry {
  readonly filePath: string;
  private readonly sessionsRoot: string;

  constructor(readonly storageDir: string, private readonly log: Logger) {
    this.filePath = path.join(storageDir, 'registry.json');
    this.sessionsRoot = path.join(storageDir, 'sessions');
  }

  sessionDir(id: string): string {
    return path.join(this.sessionsRoot, id);
  }

  profileDir(id: string): string {
    return path.join(this.sessionDir(id), 'profile');
  }

  async list(): Promise<SessionRecord[]> {
    const text = await fs.readFile(this.filePath, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        return Object.values(parseRegistry(text, this.filePath).sessions);
      } catch (error) {
        if (!(error instanceof RegistryFormatError)) {
          throw error;
        }
      }
    }
    // Missing or corrupt: take the lock and let the write path quarantine and rebuild it.
    return [...(await this.update(() => undefined)).values()];
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return (await this.list()).find((record) => record.id === id);
  }

  /**
   * Applies `change` to the latest sessions under the lock and writes them, unless `change` returns
   * false (it changed nothing) and the file needed no rebuilding. Returns the sessions.
   */
  async update(change: (sessions: Sessions) => void | boolean | Promise<void | boolean>): Promise<Sessions> {
    await ensureWritableFolder(this.storageDir);
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.filePath, {
        realpath: false,
        stale: 5000, // a window killed while holding the lock blocks the others for at most this long
        update: 1000,
        retries: { retries: 400, factor: 1.1, minTimeout: 5, maxTimeout: 60, randomize: true },
        onCompromised: (error) => this.log.warn({ err: error }, 'registry lock was taken over'),
      });
    } catch (error) {
      throw new BrowserCanvasError('REGISTRY_LOCKED', 'The session registry stayed locked by another window.', 'Try again in a moment.', {
        cause: error,
      });
    }
    try {
      const { sessions, rebuilt } = await this.loadForWrite();
      if ((await change(sessions)) !== false || rebuilt) {
        const file = { schemaVersion: REGISTRY_SCHEMA_VERSION, sessions: Object.fromEntries(sessions) };
        await writeFileAtomic(this.filePath, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, fsync: true });
      }
      return sessions;
    } finally {
      await release().catch(() => undefined);
    }
  }

  async put(record: SessionRecord): Promise<void> {
    await this.update((sessions) => void sessions.set(record.id, record));
  }

  /** Merges `patch` into an existing record; does nothing when the session is gone meanwhile. */
  async patch(id: string, patch: RecordPatch): Promise<SessionRecord | undefined> {
    return (await this.patchEach([id], () => patch)).get(id);
  }

  /**
   * Patches many records in one write (a window settling a thousand sessions must not rewrite the file
   * a thousand times). `patchFor` sees each record as it is now, since another window may have changed
   * it, and returns undefined to leave it. Returns the records that exist; writes nothing when nothing
   * changes.
   */
  async patchEach(ids: readonly string[], patchFor: (current: SessionRecord) => RecordPatch | undefined): Promise<Map<string, SessionRecord>> {
    const found = new Map<string, SessionRecord>();
    await this.update((sessions) => {
      let changed = false;
      for (const id of ids) {
        const current = sessions.get(id);
        if (!current) {
          continue;
        }
        const patch = patchFor(current);
        const next = patch ? { ...current, ...patch } : current;
        if (JSON.stringify(next) !== JSON.stringify(current)) {
          sessions.set(id, next);
          changed = true;
        }
        found.set(id, next);
      }
      return changed;
    });
    return found;
  }

  async remove(id: string): Promise<void> {
    await this.update((sessions) => void sessions.delete(id));
  }

  async writeIdentity(record: SessionRecord): Promise<void> {
    const { id, kind, label, labelPinned, created, headless, attachUrl, executablePath } = record;
    const identity: SessionIdentity = { id, kind, label, labelPinned, created, headless, attachUrl, executablePath };
    await ensureWritableFolder(this.sessionDir(id));
    await writeFileAtomic(path.join(this.sessionDir(id), 'session.json'), `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  }

  private async loadForWrite(): Promise<{ readonly sessions: Sessions; readonly rebuilt: boolean }> {
    let text: string;
    try {
      text = await fs.readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
      return { sessions: await this.rebuildFromDisk(), rebuilt: true };
    }
    try {
      return { sessions: new Map(Object.entries(parseRegistry(text, this.filePath).sessions)), rebuilt: false };
    } catch (error) {
      if (!(error instanceof RegistryFormatError)) {
        throw error;
      }
      const quarantine = `${this.filePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.rename(this.filePath, quarantine);
      this.log.error({ event: 'registryQuarantined', reason: error.message, quarantine }, 'session registry was corrupt; moved aside and rebuilt');
      return { sessions: await this.rebuildFromDisk(), rebuilt: true };
    }
  }

  /** Recreates records from each session's identity file; liveness is decided later by adoption. */
  private async rebuildFromDisk(): Promise<Sessions> {
    const sessions: Sessions = new Map();
    const ids = await fs.readdir(this.sessionsRoot).catch(() => [] as string[]);
    for (const id of ids) {
      const text = await fs.readFile(path.join(this.sessionDir(id), 'session.json'), 'utf8').catch(() => undefined);
      try {
        const identity = text === undefined ? undefined : (JSON.parse(text) as SessionIdentity);
        if (identity?.id === id && (identity.kind === 'launched' || identity.kind === 'attached')) {
          const profileDir = identity.kind === 'launched' ? this.profileDir(id) : undefined;
          const status = identity.kind === 'launched' ? 'dead' : 'unreachable';
          sessions.set(id, { ...identity, controller: 'developer', status, profileDir, rebuilt: true });
        }
      } catch {
        this.log.warn({ event: 'identityUnreadable', sessionId: id }, 'a session folder has no readable session.json; left as it is');
      }
    }
    return sessions;
  }
}
