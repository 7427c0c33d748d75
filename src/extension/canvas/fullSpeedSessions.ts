import type * as vscode from 'vscode';
import { DisposableStore, Emitter, IDisposable, SessionManager } from '../../cdp';

const FULL_SPEED_KEY = 'browserCanvas.fullSpeedSessions';

/**
 * Sessions the developer keeps at full speed (pinned): the resource policy never slows or freezes
 * their pages. Kept in global state, so a pin outlives the window and the editor, but not its session.
 */
export class FullSpeedSessions implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: Pick<vscode.Memento, 'get' | 'update'>,
    manager: Pick<SessionManager, 'onDidChange'>,
  ) {
    // Removed here or in another window: its pin would otherwise stay in global state for good.
    this.store.add(manager.onDidChange((change) => {
      if (change.kind === 'removed') {
        void this.set(change.id, false).catch(() => undefined);
      }
    }));
  }

  /** The Sessions view's word for a pinned session. */
  note(sessionId: string): string | undefined {
    return this.has(sessionId) ? 'full speed' : undefined;
  }

  has(sessionId: string): boolean {
    return this.ids().includes(sessionId);
  }

  /** Pins the session to full speed, or lets it rest again. */
  async set(sessionId: string, pinned: boolean): Promise<void> {
    if (this.has(sessionId) === pinned) {
      return;
    }
    await this.state.update(FULL_SPEED_KEY, pinned ? [...this.ids(), sessionId] : this.ids().filter((id) => id !== sessionId));
    this.changed.fire();
  }

  async toggle(sessionId: string): Promise<boolean> {
    const pinned = !this.has(sessionId);
    await this.set(sessionId, pinned);
    return pinned;
  }

  private ids(): string[] {
    const stored = this.state.get<unknown>(FULL_SPEED_KEY);
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  }

  dispose(): void {
    this.store.dispose();
  }
}
