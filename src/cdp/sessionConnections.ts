import { BrowserSession, ConnectOptions, FinishedDownload } from './browserSession';
import { DisposableStore, IDisposable } from './disposable';
import { Emitter } from './events';
import { LogHub } from './logging';
import { waitForExit } from './processes';
import { adoptSession } from './sessionAdoption';
import type { SessionView } from './sessionView';
import { SessionRecord } from './types';

/**
 * This window's connections to session browsers: at most one per session, made by one adoption at a
 * time, and followed, so a browser that goes away unasked is looked for again and marked dead if gone.
 */
export class SessionConnections implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly connections = new Map<string, BrowserSession>();
  private readonly adopting = new Map<string, Promise<SessionRecord>>();
  private readonly downloaded = this.store.add(new Emitter<FinishedDownload & { readonly sessionId: string }>());
  /** A page of a session finished downloading a file. */
  readonly onDidDownload = this.downloaded.event;

  constructor(
    private readonly records: SessionView,
    private readonly logs: LogHub,
    private readonly connectOptions: (record: SessionRecord) => ConnectOptions,
  ) {}

  get(id: string): BrowserSession | undefined {
    return this.connections.get(id);
  }

  isConnected(id: string): boolean {
    return this.connections.get(id)?.isConnected === true;
  }

  all(): BrowserSession[] {
    return [...this.connections.values()];
  }

  /**
   * Connects to a session's browser if not connected. One attempt per session at a time: activation
   * and the registry watcher both adopt, and a second connection would replace the first under its
   * callers (and its CDP session's end would reset the site permissions it set).
   */
  adopt(record: SessionRecord): Promise<SessionRecord> {
    if (this.isConnected(record.id)) {
      return Promise.resolve(this.records.get(record.id) ?? record);
    }
    let adopting = this.adopting.get(record.id);
    if (!adopting) {
      adopting = this.connect(record).finally(() => this.adopting.delete(record.id));
      this.adopting.set(record.id, adopting);
    }
    return adopting;
  }

  /** Holds a connection and follows it (one made by a launch or an attach, or by `adopt`). */
  keep(record: SessionRecord, connection: BrowserSession): void {
    this.connections.get(record.id)?.dispose();
    this.connections.set(record.id, connection);
    this.records.touch(record.id); // its pages can be shown now, whether or not the registry changed
    const log = this.logs.forSession(record.id);
    connection.onDidChangePages(() => this.records.touch(record.id));
    connection.onDidDownload((download) => {
      log.info({ event: 'download', file: download.suggestedFilename }, 'download finished');
      this.downloaded.fire({ ...download, sessionId: record.id });
    });
    connection.onDidDisconnect(async ({ expected }) => {
      if (this.connections.get(record.id) === connection) {
        this.connections.delete(record.id);
      }
      const current = this.records.get(record.id);
      if (expected || this.store.isDisposed || !current) {
        return;
      }
      // A browser that is closing can still be running for a moment: give it time before judging.
      if (current.kind === 'launched' && current.pid !== undefined) {
        await waitForExit(current.pid, 5000);
      }
      const after = await this.adopt(current); // re-connects if it only lost the socket
      if (after.status === 'dead' || after.status === 'unreachable') {
        log.error({ event: 'crash' }, 'browser went away');
      }
    });
  }

  /** Ends a session's connection on purpose (its browser is being ended, or it is forgotten). */
  async disconnect(id: string): Promise<void> {
    await this.connections.get(id)?.disconnect();
  }

  /** Lets go of a session's connection without waiting (another window removed it, or it is discarded). */
  drop(id: string): void {
    this.connections.get(id)?.dispose();
    this.connections.delete(id);
  }

  dispose(): void {
    for (const connection of this.connections.values()) {
      connection.dispose();
    }
    this.connections.clear();
    this.store.dispose();
  }

  private async connect(record: SessionRecord): Promise<SessionRecord> {
    const { record: found, connection } = await adoptSession(record, this.logs.forSession(record.id), this.connectOptions(record));
    const saved = await this.records.save(record.id, found);
    if (connection && this.records.get(record.id) && !this.store.isDisposed) {
      this.keep(saved, connection);
    } else {
      connection?.dispose(); // removed by another window meanwhile, or this window is closing
    }
    return saved;
  }
}
