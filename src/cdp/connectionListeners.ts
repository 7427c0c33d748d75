import type { BrowserSession } from './browserSession';
import { IDisposable } from './disposable';

/**
 * What a feature listens to on each browser connection it follows: `watch` is called once when a
 * connection joins, and what it returned is disposed when the connection leaves (or at dispose).
 */
export class ConnectionListeners implements IDisposable {
  private readonly listeners = new Map<BrowserSession, IDisposable>();

  constructor(private readonly watch: (connection: BrowserSession) => IDisposable) {}

  /** Follows exactly `connections` from now on. */
  sync(connections: Iterable<BrowserSession>): void {
    const wanted = new Set(connections);
    for (const [connection, listener] of this.listeners) {
      if (!wanted.has(connection)) {
        listener.dispose();
        this.listeners.delete(connection);
      }
    }
    for (const connection of wanted) {
      if (!this.listeners.has(connection)) {
        this.listeners.set(connection, this.watch(connection));
      }
    }
  }

  dispose(): void {
    this.listeners.forEach((listener) => listener.dispose());
    this.listeners.clear();
  }
}
