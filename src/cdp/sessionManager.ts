import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { BrowserSession, ConnectOptions } from './browserSession';
import { pingCdp } from './cdpPing';
import { findBrowser } from './discovery';
import { DisposableStore, IDisposable } from './disposable';
import { confirmEndpoint, parseAttachUrl, resolveEndpoint } from './endpoint';
import { BrowserCanvasError, errorMessage } from './errors';
import { Event } from './events';
import { LogHub } from './logging';
import { readHibernatedPages, reopenHibernatedPages } from './hibernatedPages';
import { endProfileProcesses, killProcessTree, processesOfProfile, waitForExit } from './processes';
import { clearStaleProfileLock } from './profileLock';
import { RecordPatch, SessionRegistry } from './registry';
import { watchRegistry } from './registryWatcher';
import { SessionConnections } from './sessionConnections';
import { launchSessionBrowser } from './sessionLaunch';
import { findRunningBrowser, findSessionEndpoint } from './sessionProbe';
import { SessionChange, SessionView } from './sessionView';
import type { SitePermissions } from './sitePermissions';
import { Controller, HibernatedPage, isLive, SessionRecord } from './types';
import { labelFor, openStartPage } from './startPage';
import { makePrivateFolderSync } from './storageFolder';
import { checkStartUrl } from './urls';
import { loadWindowPerPage } from './windowPerPage';

export interface SessionManagerOptions {
  readonly storageDir: string;
  readonly logs: LogHub;
  /** Read at each launch, so a changed setting applies to the next session. */
  readonly settings: () => {
    readonly browserPath?: string;
    readonly logNetwork: boolean;
    readonly allowRemoteEndpoints: boolean;
    /** For browsers launched from now on (a running browser keeps the one it started with). */
    readonly deviceScaleFactor?: number;
    readonly sitePermissions?: SitePermissions;
  };
}

export type { SessionChange } from './sessionView';

export interface CreateSessionOptions {
  readonly label?: string;
  readonly url?: string;
  readonly headless?: boolean;
  /** Who holds it from the start: an agent holds the sessions it opens itself. */
  readonly controller?: Controller;
  /** The agent client opening it ("mcp:claude-code"), named on its tile. */
  readonly agentClient?: string;
}

const elapsed = (start: number) => Math.round(performance.now() - start);

/**
 * Creates, finds, re-attaches and ends sessions. The registry is the truth shared by every window;
 * `list()` is this window's latest copy of it. Disposing disconnects, and never ends a browser.
 */
export class SessionManager implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly registry: SessionRegistry;
  private readonly log: Logger;
  private readonly records: SessionView;
  private readonly connections: SessionConnections;
  private watching = false;
  private readonly restarting = new Map<string, Promise<SessionRecord>>();
  readonly onDidChange: Event<SessionChange>;
  /** A page of a launched session finished downloading a file; it waits in the session's folder. */
  readonly onDidDownload: SessionConnections['onDidDownload'];

  constructor(private readonly options: SessionManagerOptions) {
    this.log = options.logs.root;
    this.registry = new SessionRegistry(options.storageDir, this.log);
    this.records = this.store.add(new SessionView(this.registry, this.log, (id) => this.connections.isConnected(id)));
    this.connections = this.store.add(new SessionConnections(this.records, options.logs, (record) => this.connectOptions(record.id, record.kind)));
    this.onDidChange = this.records.onDidChange;
    this.onDidDownload = this.connections.onDidDownload;
    makePrivateFolderSync(options.storageDir);
  }

  list(): SessionRecord[] {
    return this.records.list();
  }

  get(id: string): SessionRecord | undefined {
    return this.records.get(id);
  }

  /** The live connection of a session, when this window holds one. */
  connection(id: string): BrowserSession | undefined {
    return this.connections.get(id);
  }

  /** The session's own folder (0700; its profile, downloads, saved storage states), gone when the session ends. */
  sessionDir(id: string): string {
    return this.registry.sessionDir(id);
  }

  logPath(id: string): string {
    return this.options.logs.sessionLogPath(id);
  }

  /** Re-reads the registry, picking up what other windows did. */
  async refresh(): Promise<SessionRecord[]> {
    for (const id of await this.records.refresh()) {
      this.connections.drop(id);
    }
    return this.list();
  }

  async create(options: CreateSessionOptions = {}): Promise<SessionRecord> {
    const url = options.url ? checkStartUrl(options.url) : undefined;
    const browser = await findBrowser(this.options.settings().browserPath);
    const id = randomBytes(4).toString('hex');
    const record: SessionRecord = {
      id,
      kind: 'launched',
      label: options.label?.trim() || (url ? labelFor(url) : `Session ${id}`),
      ...(options.label?.trim() ? { labelPinned: true } : {}),
      created: new Date().toISOString(),
      controller: options.controller ?? 'developer',
      ...(options.agentClient && options.controller === 'agent' ? { agentClient: options.agentClient } : {}),
      status: 'starting',
      profileDir: this.registry.profileDir(id),
      headless: options.headless ?? true,
      executablePath: browser.path,
    };
    try {
      await this.registry.writeIdentity(record);
      await this.records.add(record);
      return await this.launch(record, browser.path, url);
    } catch (error) {
      await this.abandon(id);
      throw error;
    }
  }

  async attach(address: string, label?: string): Promise<SessionRecord> {
    const url = parseAttachUrl(address, this.options.settings().allowRemoteEndpoints);
    const start = performance.now();
    const endpoint = await resolveEndpoint(url);
    await pingCdp(endpoint.wsEndpoint); // puppeteer would wait forever on a socket that never answers
    const id = randomBytes(4).toString('hex');
    const log = this.options.logs.forSession(id);
    const connection = await BrowserSession.connect(id, endpoint, log, this.connectOptions(id, 'attached'));
    const record: SessionRecord = {
      id,
      kind: 'attached',
      label: label?.trim() || `${url.host} (attached)`,
      ...(label?.trim() ? { labelPinned: true } : {}),
      created: new Date().toISOString(),
      controller: 'developer',
      status: 'attached',
      endpoint,
      attachUrl: url.href,
    };
    try {
      await this.registry.writeIdentity(record);
      await this.records.add(record);
    } catch (error) {
      connection.dispose();
      await this.abandon(id);
      throw error;
    }
    this.connections.keep(record, connection);
    log.info({ event: 'attach', endpoint: url.host, durationMs: elapsed(start) }, 'attached to browser');
    return record;
  }

  /** Hands the session to `controller`; the registry keeps it, so every window shows who holds it. */
  async setController(id: string, controller: Controller): Promise<SessionRecord> {
    const record = this.requireRecord(id);
    if (record.controller === controller) {
      return record;
    }
    // A session handed over anew is held by "the agent" until an agent client acts on it.
    const saved = await this.saveExisting(id, { controller, agentClient: undefined });
    this.options.logs.forSession(id).info({ event: 'controller', controller }, `the ${controller} holds the session`);
    return saved;
  }

  /** The developer names the session; an empty name lets it follow its page's title again. */
  async rename(id: string, label: string): Promise<SessionRecord> {
    this.requireRecord(id);
    const trimmed = label.trim();
    const saved = await this.saveExisting(id, trimmed ? { label: trimmed, labelPinned: true } : { labelPinned: undefined });
    await this.registry.writeIdentity(saved);
    return saved;
  }

  /** A session the developer has not named is labelled by its first page's title (SessionLabels). */
  async followTitle(id: string, title: string): Promise<void> {
    const record = this.get(id);
    if (record && !record.labelPinned && record.label !== title) {
      await this.saveExisting(id, { label: title });
    }
  }

  /** Names the agent client acting on a session the agent holds (for its tile); written only when it changes. */
  async setAgentClient(id: string, agentClient: string): Promise<void> {
    const record = this.requireRecord(id);
    if (record.controller === 'agent' && record.agentClient !== agentClient) {
      await this.saveExisting(id, { agentClient });
    }
  }

  private async saveExisting(id: string, patch: RecordPatch): Promise<SessionRecord> {
    const saved = await this.records.save(id, patch);
    if (!this.records.get(id)) {
      throw new BrowserCanvasError('SESSION_NOT_FOUND', `Session ${saved.label} was removed meanwhile.`, 'Refresh the sessions list.');
    }
    return saved;
  }

  /** Whether the session's browser answers now (for launched ones: the process still runs our profile). */
  async isAlive(id: string): Promise<boolean> {
    const record = this.records.get(id) ?? (await this.registry.get(id));
    if (!record) {
      return false;
    }
    if (this.connections.isConnected(id)) {
      return true;
    }
    if (record.kind === 'attached') {
      return record.endpoint ? confirmEndpoint(record.endpoint) : false;
    }
    return (await findRunningBrowser(record)) !== undefined;
  }

  /** A live connection to the session: re-connecting, or restarting a dead launched browser on its profile. */
  async ensure(id: string): Promise<BrowserSession> {
    const existing = this.connections.get(id);
    if (existing?.isConnected) {
      return existing;
    }
    const record = await this.connections.adopt(this.requireRecord(id));
    if (record.status === 'dead') {
      await this.restart(id);
    } else if (record.status === 'unreachable') {
      throw new BrowserCanvasError('SESSION_DEAD', `The browser of session ${record.label} no longer answers at ${record.attachUrl}.`, 'Start it again, then refresh.');
    }
    return this.connections.get(id)!;
  }

  /** Starts a dead session's browser again on the same profile, so its logins and storage come back (once, however many ask at a time). */
  restart(id: string): Promise<SessionRecord> {
    let restarting = this.restarting.get(id);
    if (!restarting) {
      restarting = this.restartOnce(id).finally(() => this.restarting.delete(id));
      this.restarting.set(id, restarting);
    }
    return restarting;
  }

  private async restartOnce(id: string): Promise<SessionRecord> {
    const record = this.requireRecord(id);
    if (record.kind !== 'launched') {
      throw new BrowserCanvasError('SESSION_DEAD', 'An attached browser is started by whoever owns it, not by Browser Canvas.', 'Start it again, then refresh.');
    }
    const adopted = await this.connections.adopt(record);
    if (adopted.status === 'running') {
      return adopted; // it was running after all: never a second browser on one profile
    }
    return this.launch({ ...adopted, status: 'starting' }, (await findBrowser(this.options.settings().browserPath)).path, undefined, adopted.hibernated?.pages);
  }

  /**
   * Frees a launched session's memory: its pages' addresses and sizes kept in its record (its tiles
   * show them meanwhile), then its browser closed, which writes its profile (logins, storage) first.
   * `restart` (and so `ensure`) reopens it on the same profile with its pages.
   */
  async hibernate(id: string): Promise<SessionRecord> {
    const record = this.requireRecord(id);
    const connection = this.connections.get(id);
    if (record.kind !== 'launched' || !connection?.isConnected) {
      throw new BrowserCanvasError('SESSION_DEAD', `Session ${record.label} is not a browser this window runs.`, 'Only a running launched session can hibernate.');
    }
    const start = performance.now();
    const pages = await readHibernatedPages(connection);
    await this.saveExisting(id, { hibernated: { since: new Date().toISOString(), pages } });
    let saved: SessionRecord;
    try {
      await connection.closeBrowser();
      this.connections.drop(id);
      if (record.pid !== undefined && !(await waitForExit(record.pid, 10_000))) {
        await killProcessTree(record.pid, record.profileDir!); // it did not close: its memory is still to free
      } else {
        await endProfileProcesses(record.profileDir!);
      }
      saved = await this.saveExisting(id, { status: 'dead', pid: undefined, endpoint: undefined });
    } catch (error) {
      // Its tiles must not show kept pages of a browser in an unknown state: adoption says what it is.
      await this.records.save(id, { hibernated: undefined }).catch(() => undefined);
      throw error;
    }
    this.options.logs.forSession(id).info({ event: 'hibernated', pages: pages.length, durationMs: elapsed(start) }, 'browser closed to free its memory; its pages reopen when it wakes');
    return saved;
  }

  /**
   * Adopts every session in the registry that is still alive and marks the rest dead. Every browser is
   * looked for first; the ones gone are marked in one registry write, whatever their number.
   */
  async adoptExisting(): Promise<{ readonly adopted: string[]; readonly dead: string[] }> {
    const start = performance.now();
    this.watchRegistry();
    await this.refresh();
    const records = this.list();
    const found = await Promise.all(records.map((record) => this.connections.isConnected(record.id) || findSessionEndpoint(record).catch(() => undefined)));
    const gone = records.filter((_, i) => !found[i]);
    await this.records.markLost(gone);
    await Promise.all(records.filter((_, i) => found[i]).map((record) => this.connections.adopt(record)));
    const results = records.map((record) => this.records.get(record.id)).filter((record) => record !== undefined);
    const adopted = results.filter(isLive).map((r) => r.id);
    const dead = results.filter((r) => r.status === 'dead' || r.status === 'unreachable').map((r) => r.id);
    this.log.info({ event: 'adoptAll', adopted: adopted.length, dead: dead.length, gone: gone.map((r) => r.id), durationMs: elapsed(start) }, 'adopted sessions');
    return { adopted, dead };
  }

  /** Forgets every dead session and deletes its folder; returns their ids. */
  async cleanupDead(): Promise<string[]> {
    // A hibernated session is only resting: its profile is what it wakes on.
    const dead = this.list().filter((record) => (record.status === 'dead' && !record.hibernated) || record.status === 'unreachable');
    for (const record of dead) {
      await this.remove(record.id);
    }
    return dead.map((record) => record.id);
  }

  /** Forgets a session that is not running and deletes its profile; one this window holds live is terminated. */
  async remove(id: string): Promise<void> {
    const record = this.requireRecord(id);
    if (this.connections.isConnected(id)) {
      // Ours and live (whoever chose Remove saw it dead, in an older view): ending it is what they asked.
      return this.terminate(id);
    }
    if (record.kind === 'launched' && (await findRunningBrowser(record))) {
      throw new BrowserCanvasError('PROFILE_IN_USE', `Session ${record.label} is still running.`, 'Terminate it instead.');
    }
    await this.discard(record);
  }

  /**
   * Ends a session. A launched browser is killed with its whole process tree, once we have checked that
   * the pid still runs this session's profile; an attached one is only disconnected and forgotten.
   */
  async terminate(id: string): Promise<void> {
    const record = this.requireRecord(id);
    const start = performance.now();
    const log = this.options.logs.forSession(id);
    await this.connections.disconnect(id);
    if (record.kind === 'launched' && record.profileDir) {
      const pid = await findRunningBrowser(record);
      if (pid !== undefined) {
        await killProcessTree(pid, record.profileDir);
      }
      const left = await processesOfProfile(record.profileDir);
      if (left.length) {
        throw new BrowserCanvasError('TERMINATE_FAILED', `Session ${record.label} left processes running: ${left.join(', ')}.`, 'End them by hand.');
      }
    }
    log.info({ event: record.kind === 'launched' ? 'terminate' : 'disconnect', durationMs: elapsed(start) }, 'session ended');
    await this.discard(record);
  }

  /** Terminates every launched session; attached browsers are not ours to end and stay. */
  async terminateAll(): Promise<void> {
    const launched = this.list().filter((record) => record.kind === 'launched');
    const results = await Promise.allSettled(launched.map((record) => this.terminate(record.id)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length) {
      throw new BrowserCanvasError('TERMINATE_FAILED', `${failures.length} session(s) did not end: ${failures.map((f) => errorMessage(f.reason)).join('; ')}`);
    }
  }

  dispose(): void {
    this.store.dispose();
  }

  /** Follows what other windows write: their new live sessions are adopted here too, ended ones dropped. */
  private watchRegistry(): void {
    if (this.watching || this.store.isDisposed) {
      return;
    }
    this.watching = true;
    this.store.add(
      watchRegistry(this.options.storageDir, this.log, async () => {
        await this.refresh();
        const live = this.list().filter((r) => isLive(r) && !this.connections.isConnected(r.id));
        await Promise.all(live.map((record) => this.connections.adopt(record)));
      }),
    );
  }

  private requireRecord(id: string): SessionRecord {
    const record = this.records.get(id);
    if (!record) {
      throw new BrowserCanvasError('SESSION_NOT_FOUND', `There is no session ${id}.`, 'Refresh the sessions list.');
    }
    return record;
  }

  /** Downloads of the browsers we launch land in the session's folder; attached ones keep their own. */
  private connectOptions(id: string, kind: SessionRecord['kind']): ConnectOptions {
    const downloadDir = kind === 'launched' ? path.join(this.registry.sessionDir(id), 'downloads') : undefined;
    const { logNetwork, sitePermissions } = this.options.settings();
    return { logNetwork, downloadDir, sitePermissions };
  }

  /** Applies the site permissions setting, as it is now, to every live session. */
  async applySitePermissions(): Promise<void> {
    const rules = this.options.settings().sitePermissions ?? {};
    await Promise.all(this.connections.all().map((connection) => connection.setSitePermissions(rules)));
  }

  /** Starts a launched session's browser, on `executablePath` (found once per launch by the caller). */
  private async launch(record: SessionRecord, executablePath: string, url?: string, hibernatedPages?: readonly HibernatedPage[]): Promise<SessionRecord> {
    const start = performance.now();
    const log = this.options.logs.forSession(record.id);
    const { deviceScaleFactor } = this.options.settings();
    try {
      const connect = this.connectOptions(record.id, 'launched');
      // The start URL is opened only once we listen, so the first page load is logged too.
      const restoreLastSession = hibernatedPages !== undefined;
      const { pid, endpoint, connection } = await launchSessionBrowser(record, log, { executablePath, deviceScaleFactor, connect, restoreLastSession });
      const running: SessionRecord = { ...record, status: 'running', pid, endpoint, executablePath, rebuilt: undefined };
      // Kept before the registry says 'running': else the registry watcher can see a running session
      // with no connection here yet, adopt it, and replace (close) the connection being handed out.
      this.connections.keep(running, connection);
      await this.records.save(record.id, running);
      log.info({ event: 'launch', pid, headless: running.headless, durationMs: elapsed(start) }, 'browser launched');
      await loadWindowPerPage(connection.browser, this.sessionDir(record.id)).catch((error: unknown) =>
        log.warn({ event: 'windowPerPageFailed', error: errorMessage(error) }, 'new tabs will open over the page they came from'),
      );
      if (url) {
        await openStartPage(connection, url, log);
      }
      if (hibernatedPages) {
        await reopenHibernatedPages(connection, hibernatedPages, log);
        log.info({ event: 'woken', pages: hibernatedPages.length, durationMs: elapsed(start) }, 'woken from hibernation: browser reopened on its profile');
        return await this.records.save(record.id, { hibernated: undefined });
      }
      return running;
    } catch (error) {
      log.error({ event: 'launchFailed', error: errorMessage(error), durationMs: elapsed(start) }, 'browser launch failed');
      throw error;
    }
  }

  private async discard(record: SessionRecord): Promise<void> {
    this.connections.drop(record.id);
    if (record.kind === 'launched' && record.profileDir) {
      await clearStaleProfileLock(record.profileDir); // its browser has ended: what it left outside the profile goes too
    }
    await this.records.remove(record.id);
    await fs.rm(this.registry.sessionDir(record.id), { recursive: true, force: true });
    this.options.logs.closeSession(record.id);
  }

  /**
   * Undoes a session that failed while being made: its folder goes first, so a registry rebuilt later
   * cannot bring it back from a `session.json` left behind, even when the registry cannot be written.
   */
  private async abandon(id: string): Promise<void> {
    await fs.rm(this.registry.sessionDir(id), { recursive: true, force: true });
    await this.records.remove(id).catch((error) => this.log.warn({ event: 'abandonFailed', sessionId: id, error: errorMessage(error) }, 'a failed session stays in the registry'));
    this.records.forget(id);
  }
}
