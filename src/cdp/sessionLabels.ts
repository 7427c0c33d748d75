import { BrowserSession } from './browserSession';
import { ConnectionListeners } from './connectionListeners';
import { DisposableStore, IDisposable, toDisposable } from './disposable';
import { SessionManager } from './sessionManager';

/** Chromium tells of navigations but not of every title a script sets, so titles are also read this often. */
const TITLE_POLL_MS = 2000;
/** Longer titles are cut: the label names the session in the tree, on tiles and as a flow's default name. */
const MAX_LABEL = 80;

/**
 * Keeps each session's label on its first page's title ("Shop", not the "welcome.html" it started
 * on) until the developer renames it. Runs in each window; the registry write happens only on change.
 */
export class SessionLabels implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly watched = new ConnectionListeners((connection) => {
    const followFailed = connection.warnUnlessClosed("following the first page's title");
    const follow = () => void this.follow(connection).catch(followFailed);
    const listeners = new DisposableStore();
    listeners.add(connection.onDidChangePageInfo(follow));
    listeners.add(connection.onDidChangePages(follow));
    const timer = setInterval(follow, TITLE_POLL_MS);
    timer.unref();
    listeners.add(toDisposable(() => clearInterval(timer)));
    follow();
    return listeners;
  });

  constructor(private readonly manager: SessionManager) {
    this.store.add(manager.onDidChange(() => this.sync()));
    this.sync();
  }

  private sync(): void {
    if (this.store.isDisposed) {
      return;
    }
    this.watched.sync(this.manager.list().flatMap((record) => {
      const connection = this.manager.connection(record.id);
      return connection?.isConnected ? [connection] : [];
    }));
  }

  private async follow(connection: BrowserSession): Promise<void> {
    const [first] = await connection.pageInfos();
    const title = first && pageTitleLabel(first.title, first.url);
    if (title && !this.store.isDisposed) {
      await this.manager.followTitle(connection.sessionId, title);
    }
  }

  dispose(): void {
    this.watched.dispose();
    this.store.dispose();
  }
}

/** A page's title as a label; none while the page has no title of its own (Chromium then reports its address). */
export function pageTitleLabel(title: string, url: string): string | undefined {
  const trimmed = title.trim().replace(/\s+/g, ' ');
  if (!trimmed || trimmed === url || url.endsWith(`//${trimmed}`) || url.includes(`//${trimmed}/`) || trimmed === 'about:blank') {
    return undefined;
  }
  return trimmed.length > MAX_LABEL ? `${trimmed.slice(0, MAX_LABEL - 1)}…` : trimmed;
}
