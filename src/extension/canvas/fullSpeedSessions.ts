import * as vscode from 'vscode';
import { Emitter, IDisposable } from '../../cdp';

const FULL_SPEED_KEY = 'browserCanvas.fullSpeedSessions';

/**
 * Sessions the developer keeps at full speed (pinned): the resource policy never slows or freezes
 * their pages. Kept in global state, so a pin outlives the window and the editor.
 */
export class FullSpeedSessions implements IDisposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  /** The Sessions view's word for a pinned session. */
  note(sessionId: string): string | undefined {
    return this.has(sessionId) ? 'full speed' : undefined;
  }

  has(sessionId: string): boolean {
    return this.ids().includes(sessionId);
  }

  async toggle(sessionId: string): Promise<boolean> {
    const pinned = !this.has(sessionId);
    await this.state.update(FULL_SPEED_KEY, pinned ? [...this.ids(), sessionId] : this.ids().filter((id) => id !== sessionId));
    this.changed.fire();
    return pinned;
  }

  private ids(): string[] {
    const stored = this.state.get<unknown>(FULL_SPEED_KEY);
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The resource policy (browserCanvas.resourcePolicy): focus first, unless the developer turned it off. */
export function resourcePolicyEnabled(): boolean {
  return vscode.workspace.getConfiguration('browserCanvas').get<boolean>('resourcePolicy', true);
}
