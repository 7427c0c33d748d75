import type { Target } from 'puppeteer-core';
import { BrowserSession } from './browserSession';
import { ConnectionListeners } from './connectionListeners';
import { DisposableStore, IDisposable } from './disposable';
import { errorMessage } from './errors';
import { Emitter } from './events';
import { LivePage } from './livePage';
import { SessionManager } from './sessionManager';
import { TargetClosedError, unlessClosed } from './target/targetClosedError';

/**
 * Every open page of every connected session as a LivePage, kept in step with the browsers: pages
 * opened (by the developer, a popup, `target=_blank`) appear, closed ones and those of sessions that
 * went away disappear. Lives only while something shows the pages (the canvas).
 */
export class LivePages implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly pages = new Map<Target, LivePage>();
  private readonly opening = new Set<Target>();
  private readonly watched = new ConnectionListeners((connection) => {
    const listeners = new DisposableStore();
    listeners.add(connection.onDidChangePages(() => this.sync()));
    listeners.add(connection.onDidChangePageInfo((targetId) => this.get(targetId)?.refreshLater()));
    return listeners;
  });
  private readonly changed = this.store.add(new Emitter<void>());

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly manager: SessionManager,
    private readonly onError: (message: string) => void,
  ) {
    this.store.add(manager.onDidChange(() => this.sync()));
    this.sync();
  }

  list(): LivePage[] {
    return [...this.pages.values()];
  }

  get(targetId: string): LivePage | undefined {
    return this.list().find((page) => page.targetId === targetId);
  }

  /** Sessions whose browser answers with no page open: their browser still runs, so they still need a tile. */
  pagelessSessions(): string[] {
    return this.manager
      .list()
      .filter((record) => {
        const connection = this.manager.connection(record.id);
        return connection?.isConnected && connection.pageTargets.length === 0;
      })
      .map((record) => record.id);
  }

  private sync(): void {
    if (this.store.isDisposed) {
      return;
    }
    const targets = new Map<Target, BrowserSession>();
    const connections = new Set<BrowserSession>();
    for (const record of this.manager.list()) {
      const connection = this.manager.connection(record.id);
      if (connection?.isConnected) {
        connections.add(connection);
        connection.pageTargets.forEach((target) => targets.set(target, connection));
      }
    }
    this.watched.sync(connections);
    let removed = false;
    for (const [target, page] of this.pages) {
      if (!targets.has(target)) {
        page.dispose();
        this.pages.delete(target);
        removed = true;
      }
    }
    for (const [target, connection] of targets) {
      if (!this.pages.has(target)) {
        void this.open(connection, target);
      }
    }
    if (removed) {
      this.changed.fire();
    }
  }

  private async open(connection: BrowserSession, target: Target): Promise<void> {
    const { sessionId } = connection;
    if (this.opening.has(target)) {
      return;
    }
    this.opening.add(target);
    const firstUrl = target.url(); // a popup's, as its opener asked for it
    try {
      const page = await LivePage.open(await connection.pageModel(target));
      await this.sizeAsAsked(page, firstUrl);
      if (this.store.isDisposed || !this.manager.connection(sessionId)?.pageTargets.includes(target)) {
        page.dispose(); // closed or disconnected while we attached
        return;
      }
      this.pages.set(target, page);
      page.onDidChange(() => this.changed.fire());
      this.changed.fire();
    } catch (error) {
      if (!(error instanceof TargetClosedError)) {
        this.onError(`Could not show a page of session ${sessionId}: ${errorMessage(error)}`);
      }
    } finally {
      this.opening.delete(target);
    }
  }

  /** A popup gets the size its `window.open` asked for before its tile appears (see PopupSizes). */
  private async sizeAsAsked(popup: LivePage, firstUrl: string): Promise<void> {
    const { openerId, width, height } = popup.info;
    const size = openerId === undefined ? undefined : this.get(openerId)?.popupSizes.take(firstUrl);
    if (size) {
      await unlessClosed(popup.resize(size.width ?? width, size.height ?? height)).catch((error: unknown) =>
        this.onError(`Could not give a popup of session ${popup.sessionId} the size it asked for: ${errorMessage(error)}`),
      );
    }
  }

  dispose(): void {
    this.watched.dispose();
    this.pages.forEach((page) => page.dispose());
    this.pages.clear();
    this.store.dispose();
  }
}
