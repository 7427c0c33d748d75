import type { Target } from 'puppeteer-core';
import type { BrowserSession } from '../browserSession';
import { ConnectionListeners } from '../connectionListeners';
import { DisposableStore, IDisposable } from '../disposable';
import type { SessionManager } from '../sessionManager';
import { unlessClosed } from '../target/targetClosedError';
import { AgentError } from '../action/agentError';
import { checkOrigin, OriginRules } from './originPolicy';
import { BlockedNavigation, OriginGuard } from './originGuard';

/**
 * An OriginGuard on every page of every session the agent holds, this window's connections alike:
 * put on when a session is handed over and on each page it opens meanwhile (a popup's first address
 * is checked as it appears, since its first request can leave before a guard is on), taken off when
 * the developer takes it back.
 */
export class OriginGuards implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly guards = new Map<Target, Promise<OriginGuard | undefined>>();
  private readonly watched = new ConnectionListeners((connection) => {
    connection.pageTargets.forEach((target) => this.handedOverAt.set(target, target.url()));
    const listeners = new DisposableStore();
    listeners.add(connection.onDidChangePages(() => this.sync()));
    // Where a held page went, including a popup's first address, which can commit before its guard is on.
    listeners.add(connection.onDidChangePageInfo((targetId) => void this.recheck(connection, targetId)));
    listeners.add({ dispose: () => connection.pageTargets.forEach((target) => this.handedOverAt.delete(target)) });
    return listeners;
  });
  /**
   * Where each page was when its session was handed over. The developer left it there, maybe with a
   * form half filled: it is not sent away for being on a denied origin (the guard still stops every
   * navigation from it), only a page that gets somewhere denied afterwards is.
   */
  private readonly handedOverAt = new Map<Target, string>();

  constructor(
    private readonly manager: SessionManager,
    private readonly rules: () => OriginRules,
    private readonly onBlocked: (sessionId: string, blocked: BlockedNavigation) => void,
  ) {
    this.store.add(manager.onDidChange(() => this.sync()));
    this.sync();
  }

  private sync(): void {
    if (this.store.isDisposed) {
      return;
    }
    const held = new Map<Target, BrowserSession>();
    for (const record of this.manager.list()) {
      const connection = this.manager.connection(record.id);
      if (record.controller === 'agent' && connection?.isConnected) {
        connection.pageTargets.forEach((target) => held.set(target, connection));
      }
    }
    this.watched.sync(held.values());
    for (const [target, guard] of this.guards) {
      if (!held.has(target)) {
        this.guards.delete(target);
        void guard.then((attached) => attached?.dispose());
      }
    }
    for (const [target, connection] of held) {
      if (!this.guards.has(target)) {
        this.guards.set(target, this.guard(connection, target));
      }
    }
  }

  private async guard(connection: BrowserSession, target: Target): Promise<OriginGuard | undefined> {
    const page = await unlessClosed(connection.pageModel(target));
    const guard = page && (await unlessClosed(OriginGuard.attach(page, this.rules, (blocked) => this.onBlocked(connection.sessionId, blocked))));
    if (guard && this.guards.get(target) === undefined) {
      guard.dispose(); // taken back (or closed) while it was put on
      return undefined;
    }
    if (page) {
      await this.recheck(connection, page.targetId);
    }
    return guard;
  }

  private async recheck(connection: BrowserSession, targetId: string): Promise<void> {
    const target = connection.pageTarget(targetId);
    if (target && this.guards.has(target) && this.handedOverAt.get(target) !== target.url()) {
      const page = await unlessClosed(connection.pageModel(target));
      await this.leaveIfDenied(connection.sessionId, targetId, target.url(), () => page?.send('Page.navigate', { url: 'about:blank' }) ?? Promise.resolve());
    }
  }

  /** A page that got somewhere denied before its guard was on (a popup's first address) is sent away. */
  private async leaveIfDenied(sessionId: string, targetId: string, url: string, leave: () => Promise<unknown>): Promise<void> {
    try {
      checkOrigin(url, this.rules());
    } catch (error) {
      if (!(error instanceof AgentError)) {
        throw error;
      }
      await unlessClosed(leave());
      this.onBlocked(sessionId, { targetId, url, reason: error.message });
    }
  }

  dispose(): void {
    this.store.dispose();
    this.watched.dispose();
    this.guards.forEach((guard) => void guard.then((attached) => attached?.dispose()));
    this.guards.clear();
  }
}
