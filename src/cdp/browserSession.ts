import puppeteer, { Browser, Page, Target } from 'puppeteer-core';
import type { Logger } from 'pino';
import { DisposableStore, IDisposable, toDisposable } from './disposable';
import { BrowserCanvasError } from './errors';
import { Emitter } from './events';
import { logPageEvents } from './pageEvents';
import { BrowserEventName, onEvent } from './puppeteerEvents';
import { SessionEndpoint } from './types';

export interface ConnectOptions {
  readonly logNetwork: boolean;
  readonly protocolTimeoutMs?: number;
}

/**
 * One live CDP connection to a session's browser. Disconnecting never closes the browser: it belongs to
 * the session, and the session outlives every connection to it.
 */
export class BrowserSession implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly pageListeners = new Map<Target, IDisposable>();
  private readonly pagesChanged = this.store.add(new Emitter<void>());
  private readonly disconnected = this.store.add(new Emitter<{ readonly expected: boolean }>());
  private readonly pageInfoChanged = this.store.add(new Emitter<string>());
  private closing = false;

  readonly onDidChangePages = this.pagesChanged.event;
  /** A page's title or address changed (by target id); puppeteer reports only address changes, and
   *  Chromium not every title. */
  readonly onDidChangePageInfo = this.pageInfoChanged.event;
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
        `Could not connect to the browser of session ${sessionId} at ${endpoint.wsEndpoint}.`,
        'The browser may have exited; restart or remove the session.',
        { cause: error },
      );
    }
    const session = new BrowserSession(sessionId, browser, log, options);
    await session.watchPages();
    return session;
  }

  private constructor(
    readonly sessionId: string,
    readonly browser: Browser,
    private readonly log: Logger,
    private readonly options: ConnectOptions,
  ) {
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

  async pages(): Promise<Page[]> {
    return this.browser.pages();
  }

  private async watchPages(): Promise<void> {
    const track = async (target: Target) => {
      if (target.type() !== 'page' || this.pageListeners.has(target)) {
        return;
      }
      const page = await target.page().catch(() => null);
      if (page && !this.store.isDisposed) {
        this.pageListeners.set(target, logPageEvents(page, this.log, { network: this.options.logNetwork }));
      }
      this.pagesChanged.fire();
    };
    const untrack = (target: Target) => {
      this.pageListeners.get(target)?.dispose();
      if (this.pageListeners.delete(target) || target.type() === 'page') {
        this.pagesChanged.fire();
      }
    };
    this.store.add(onEvent(this.browser, BrowserEventName.targetCreated, (target) => void track(target)));
    this.store.add(onEvent(this.browser, BrowserEventName.targetDestroyed, untrack));
    this.store.add(onEvent(this.browser, BrowserEventName.targetChanged, () => this.pagesChanged.fire()));
    await Promise.all(this.pageTargets.map(track));
    await this.watchPageInfo();
  }

  private async watchPageInfo(): Promise<void> {
    const client = await this.browser.target().createCDPSession();
    client.on('Target.targetInfoChanged', ({ targetInfo }) => this.pageInfoChanged.fire(targetInfo.targetId));
    this.store.add(toDisposable(() => void client.detach().catch(() => undefined)));
    await client.send('Target.setDiscoverTargets', { discover: true, filter: [{ type: 'page' }] });
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
