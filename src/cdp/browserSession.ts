import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import puppeteer, { Browser, CDPSession, Page, Target } from 'puppeteer-core';
import type { Logger } from 'pino';
import { DisposableStore, IDisposable, toDisposable } from './disposable';
import { BrowserCanvasError, errorMessage } from './errors';
import { Emitter } from './events';
import { SessionNetworkLog } from './network/sessionNetworkLog';
import { PageTraces } from './trace/pageTraces';
import { logPageEvents } from './pageEvents';
import { BrowserEventName, onEvent } from './puppeteerEvents';
import { applySitePermissions, SitePermissions } from './sitePermissions';
import type { PageTarget } from './target/pageTarget';
import { PageModels, PageTargets } from './target/pageTargets';
import { BackgroundFailures } from './target/backgroundFailures';
import { isTargetClosed } from './target/targetClosedError';
import { targetIdOf } from './target/targetId';
import { SessionEndpoint } from './types';

/** How long connecting waits for puppeteer's page of each open page (their event logs) before going on without it. */
const PAGES_WAIT_MS = 5000;

/** A file the page downloaded, complete, waiting in the session's download folder. */
export interface FinishedDownload {
  readonly path: string;
  readonly suggestedFilename: string;
  readonly url: string;
  /** The frame that started it: for a top-level page, its target id. */
  readonly frameId: string;
}

export interface ConnectOptions {
  readonly logNetwork: boolean;
  /** Where downloads land (named by their guid) until someone saves them; none: the browser decides. */
  readonly downloadDir?: string;
  readonly protocolTimeoutMs?: number;
  /** Applied at once, as the browser forgets them when this connection ends. */
  readonly sitePermissions?: SitePermissions;
}

/**
 * One live CDP connection to a session's browser. Disconnecting never closes the browser: it belongs to
 * the session, and the session outlives every connection to it.
 */
export class BrowserSession implements PageModels, IDisposable {
  private readonly store = new DisposableStore();
  private readonly pageListeners = new Map<Target, IDisposable>();
  private readonly pagesChanged = this.store.add(new Emitter<void>());
  private readonly disconnected = this.store.add(new Emitter<{ readonly expected: boolean }>());
  private readonly pageInfoChanged = this.store.add(new Emitter<string>());
  private readonly downloaded = this.store.add(new Emitter<FinishedDownload>());
  private readonly models: PageTargets;
  private closing = false;
  /** Where the connection's work that nobody awaits reports its failures (a page's own: PageTarget.warnUnlessClosed). */
  private readonly failures: BackgroundFailures;
  /** Browser-wide commands and events (targets, downloads, permissions). */
  private browserClient: CDPSession | undefined;
  /** Every attached page's requests while this connection lasts: what Save Network Log (HAR) writes. */
  readonly networkLog: SessionNetworkLog;
  /** The performance traces recording in its pages. */
  readonly traces = new PageTraces();

  readonly onDidChangePages = this.pagesChanged.event;
  /** A page's title or address changed (by target id); puppeteer reports only address changes, and
   *  Chromium not every title. */
  readonly onDidChangePageInfo = this.pageInfoChanged.event;
  readonly onDidDownload = this.downloaded.event;
  /** `expected: false` when the browser went away under us (crash, killed outside). */
  readonly onDidDisconnect = this.disconnected.event;

  static async connect(sessionId: string, endpoint: SessionEndpoint, log: Logger, options: ConnectOptions): Promise<BrowserSession> {
    let browser: Browser;
    try {
      browser = await puppeteer.connect({
        browserWSEndpoint: endpoint.wsEndpoint,
        defaultViewport: null, // the page keeps its own viewport; the canvas sets it explicitly
        protocolTimeout: options.protocolTimeoutMs ?? 30_000,
      });
    } catch (error) {
      throw new BrowserCanvasError(
        'ENDPOINT_UNREACHABLE',
        `Could not connect to the browser of session ${sessionId} at ${new URL(endpoint.wsEndpoint).host}.`,
        'The browser may have exited; restart or remove the session.',
        { cause: error },
      );
    }
    const session = new BrowserSession(sessionId, browser, log, options);
    try {
      await session.watchPages();
    } catch (error) {
      await session.disconnect(); // let go, never closed: the browser outlives a connection that failed to set up
      throw error;
    }
    return session;
  }

  private constructor(
    readonly sessionId: string,
    readonly browser: Browser,
    private readonly log: Logger,
    private readonly options: ConnectOptions,
  ) {
    this.failures = new BackgroundFailures(log, { event: 'sessionWorkFailed' });
    this.models = this.store.add(new PageTargets(sessionId, log));
    this.networkLog = this.store.add(new SessionNetworkLog(this));
    this.store.add(
      onEvent(browser, BrowserEventName.disconnected, () => {
        this.disconnected.fire({ expected: this.closing });
        this.dispose();
      }),
    );
  }

  get isConnected(): boolean {
    return this.browser.connected;
  }

  /** The session's open pages (tabs and windows). */
  get pageTargets(): Target[] {
    return this.browser.targets().filter((target) => target.type() === 'page');
  }

  /** A page by its target id (list_sessions' page id); without one, the first page. */
  pageTarget(pageId?: string): Target | undefined {
    const targets = this.pageTargets;
    return pageId === undefined ? targets[0] : targets.find((target) => targetIdOf(target) === pageId);
  }

  /** A page's model was attached: the network log joins it. */
  get onDidAttachPage(): PageTargets['onDidAttach'] {
    return this.models.onDidAttach;
  }

  /** The page model of `target` (one per page for this connection): the canvas, the agent and the recorder attach to it. */
  pageModel(target: Target): Promise<PageTarget> {
    return this.models.pageModel(target);
  }

  /**
   * For `.catch` on work on this connection that nobody awaits (`what` names it): a browser gone ends it
   * quietly; any other failure is logged, once per kind.
   */
  warnUnlessClosed(what: string): (error: unknown) => void {
    return this.failures.warnUnlessClosed(what);
  }

  /** Every page's id, title and address, as the browser has them now. */
  async pageInfos(): Promise<Array<{ readonly targetId: string; readonly title: string; readonly url: string }>> {
    if (!this.browserClient) {
      return [];
    }
    const { targetInfos } = await this.browserClient.send('Target.getTargets', { filter: [{ type: 'page' }] });
    return targetInfos.map(({ targetId, title, url }) => ({ targetId, title, url }));
  }

  async pages(): Promise<Page[]> {
    return this.browser.pages();
  }

  private async watchPages(): Promise<void> {
    const track = async (target: Target) => {
      if (target.type() !== 'page' || this.pageListeners.has(target)) {
        return;
      }
      // Puppeteer's page, for its events: none for a page that closed meanwhile, or one it could not set up (said in the log).
      let page: Page | null = null;
      try {
        page = await target.page();
      } catch (error) {
        if (!isTargetClosed(error)) {
          this.log.warn({ event: 'pageEventsOff', page: targetIdOf(target), error: errorMessage(error) }, "a page's console and network are not logged");
        }
      }
      if (page && !this.store.isDisposed) {
        this.pageListeners.set(target, logPageEvents(page, this.log, { network: this.options.logNetwork }));
      }
      this.pagesChanged.fire();
    };
    const untrack = (target: Target) => {
      this.models.closed(target);
      this.pageListeners.get(target)?.dispose();
      if (this.pageListeners.delete(target) || target.type() === 'page') {
        this.pagesChanged.fire();
      }
    };
    this.store.add(onEvent(this.browser, BrowserEventName.targetCreated, (target) => void track(target)));
    this.store.add(onEvent(this.browser, BrowserEventName.targetDestroyed, untrack));
    this.store.add(onEvent(this.browser, BrowserEventName.targetChanged, () => this.pagesChanged.fire()));
    // A connection comes with its pages' logs on, but waits no longer than PAGES_WAIT_MS for them: puppeteer's
    // page waits on `Page.enable`, which a page left with a dialog open never answers (PageHealth.unanswered).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.pageTargets.map(track)), new Promise((resolve) => (timer = setTimeout(resolve, PAGES_WAIT_MS)))]);
    clearTimeout(timer);
    await this.watchBrowser();
  }

  /** Browser-wide events puppeteer does not pass on: every page info change, and downloads. */
  private async watchBrowser(): Promise<void> {
    const client = (this.browserClient = await this.browser.target().createCDPSession());
    this.store.add(toDisposable(() => void client.detach().catch(() => undefined)));
    await this.setSitePermissions(this.options.sitePermissions ?? {});
    client.on('Target.targetInfoChanged', ({ targetInfo }) => this.pageInfoChanged.fire(targetInfo.targetId));
    await client.send('Target.setDiscoverTargets', { discover: true, filter: [{ type: 'page' }] });
    const downloadPath = this.options.downloadDir;
    if (!downloadPath) {
      return;
    }
    await mkdir(downloadPath, { recursive: true, mode: 0o700 });
    const started = new Map<string, Omit<FinishedDownload, 'path'>>();
    client.on('Browser.downloadWillBegin', ({ guid, suggestedFilename, url, frameId }) => started.set(guid, { suggestedFilename, url, frameId }));
    client.on('Browser.downloadProgress', ({ guid, state }) => {
      const download = started.get(guid);
      if (download && state !== 'inProgress') {
        started.delete(guid);
        if (state === 'completed') {
          this.downloaded.fire({ ...download, path: path.join(downloadPath, guid) });
        }
      }
    });
    // Named by guid, so two downloads of the same name never overwrite each other.
    await client.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath, eventsEnabled: true });
  }

  /** What pages of each origin may use; a decision Chromium refuses is logged and the rest still apply. */
  async setSitePermissions(rules: SitePermissions): Promise<void> {
    if (!this.browserClient) {
      return;
    }
    for (const problem of await applySitePermissions(this.browserClient, rules)) {
      this.log.warn({ event: 'sitePermissionRefused', problem }, 'a site permission was not applied');
    }
  }

  /**
   * Closes the browser itself (`Browser.close`), as quitting it would: it writes its profile first
   * (cookies, local storage, the session it can restore), which a signal does not wait for. The
   * disconnect that follows is expected. Safe to call twice.
   */
  async closeBrowser(): Promise<void> {
    if (this.store.isDisposed) {
      return;
    }
    this.closing = true;
    await this.browser.close().catch(() => undefined); // the browser may be gone before it answers
    this.dispose();
  }

  /** Drops the connection; the browser keeps running. Safe to call twice. */
  async disconnect(): Promise<void> {
    if (this.store.isDisposed) {
      return;
    }
    this.closing = true;
    await this.browser.disconnect().catch(() => undefined);
    this.dispose();
  }

  dispose(): void {
    for (const listeners of this.pageListeners.values()) {
      listeners.dispose();
    }
    this.pageListeners.clear();
    if (this.browser.connected) {
      this.closing = true;
      void this.browser.disconnect().catch(() => undefined);
    }
    this.store.dispose();
  }
}
