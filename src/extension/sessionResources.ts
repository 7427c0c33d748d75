import * as vscode from 'vscode';
import { Event, formatMemory, Hibernation, IDisposable, LogHub, Recordings, SessionManager, SessionMemory } from '../cdp';
import { FullSpeedSessions } from './canvas/fullSpeedSessions';
import type { SessionNotes } from './sessionsTree';

/** The awake-session cap (browserCanvas.maxAwakeSessions); 0: none. */
function maxAwakeSessions(): number {
  return Math.max(0, Math.floor(vscode.workspace.getConfiguration('browserCanvas').get<number>('maxAwakeSessions', 10)));
}

/**
 * What the resource policy knows of each session (pinned to full speed, its memory, hibernated), for
 * the canvas and the Sessions view: one row says "full speed · 412 MB"; a hibernated one's status says it.
 */
export class SessionResources implements SessionNotes, IDisposable {
  readonly fullSpeed: FullSpeedSessions;
  readonly memory: SessionMemory;
  readonly hibernation: Hibernation;
  private readonly disposables: IDisposable[];

  constructor(context: vscode.ExtensionContext, manager: SessionManager, logs: LogHub, recordings: Pick<Recordings, 'isRecording'>) {
    this.fullSpeed = new FullSpeedSessions(context.globalState, manager);
    this.memory = new SessionMemory(manager, logs);
    this.hibernation = new Hibernation(manager, logs, {
      maxAwake: maxAwakeSessions,
      keepAwake: (sessionId) => this.fullSpeed.has(sessionId) || recordings.isRecording(sessionId),
    });
    this.disposables = [
      this.fullSpeed,
      this.memory,
      this.hibernation,
      this.fullSpeed.onDidChange(() => this.hibernation.enforce()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('browserCanvas.maxAwakeSessions') && this.hibernation.enforce()),
    ];
  }

  readonly onDidChange: Event<void> = (listener) => {
    const subscriptions = [this.fullSpeed.onDidChange(listener), this.memory.onDidChange(listener), this.hibernation.onDidChange(listener)];
    return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
  };

  note(sessionId: string): string | undefined {
    const bytes = this.memory.of(sessionId);
    // A hibernated session's row says so in its status; its memory is freed, so it has no figure.
    const parts = [this.fullSpeed.note(sessionId), bytes === undefined ? undefined : formatMemory(bytes)];
    return parts.filter(Boolean).join(' · ') || undefined;
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
