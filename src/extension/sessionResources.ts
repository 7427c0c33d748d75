import * as vscode from 'vscode';
import { Event, formatMemory, Hibernation, IDisposable, isLive, LogHub, Recordings, SessionManager, SessionMemory } from '../cdp';
import { commandRegistrar } from './commandErrors';
import { FullSpeedSessions } from './canvas/fullSpeedSessions';
import { pickSession, SessionArg } from './sessionPick';
import type { SessionNotes } from './sessionsTree';

/** The awake-session cap (browserCanvas.maxAwakeSessions); 0: none. */
function maxAwakeSessions(): number {
  return Math.max(0, Math.floor(vscode.workspace.getConfiguration('browserCanvas').get<number>('maxAwakeSessions', 10)));
}

/**
 * Asks whether a session whose pages hold form input not saved may hibernate: its browser closes, and
 * the input may not come back when it wakes. `modal` when the developer just asked for it.
 */
async function confirmInputLoss(lead: string, modal: boolean): Promise<boolean> {
  const hibernate = 'Hibernate';
  const answer = await vscode.window.showWarningMessage(
    `${lead}, but a page in it has form input that is not saved. Hibernating closes its browser; that input may be lost.`,
    { modal },
    hibernate,
    ...(modal ? [] : ['Keep Awake']),
  );
  return answer === hibernate;
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
  private focusedSession: () => string | undefined = () => undefined;

  constructor(context: vscode.ExtensionContext, manager: SessionManager, logs: LogHub, recordings: Pick<Recordings, 'isRecording'>) {
    this.fullSpeed = new FullSpeedSessions(context.globalState, manager);
    this.memory = new SessionMemory(manager, logs);
    this.hibernation = new Hibernation(manager, logs, {
      maxAwake: maxAwakeSessions,
      keepAwake: (sessionId) => this.fullSpeed.has(sessionId) || recordings.isRecording(sessionId) || this.focusedSession() === sessionId,
      askToLoseInput: (sessionId) =>
        confirmInputLoss(
          `More sessions are awake than browserCanvas.maxAwakeSessions allows, and "${manager.get(sessionId)?.label ?? sessionId}" is the next to hibernate (its browser closed to free its memory)`,
          false,
        ),
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

  /** The session whose tile has the keyboard is the one in use: the cap never takes it (the canvas is made after these resources). */
  followFocus(focus: { sessionId(): string | undefined }): void {
    this.focusedSession = () => focus.sessionId();
  }

  /** Hibernate Session: the Sessions view's row, else a pick among the running sessions this window launched. */
  register(manager: SessionManager, channel: vscode.LogOutputChannel): vscode.Disposable[] {
    const command = commandRegistrar(channel);
    return [
      command('hibernateSession', async (arg?: SessionArg) => {
        const record = await pickSession(manager, arg, (r) => r.kind === 'launched' && isLive(r) && !r.hibernated, 'Hibernate which session (close its browser to free its memory)?');
        if (record && (await this.hibernation.hibernateNow(record.id, () => confirmInputLoss(`You asked to hibernate "${record.label}"`, true)))) {
          channel.info(`Session ${record.label} hibernates: its browser is closed; focus one of its tiles, or Wake Session, to reopen its pages.`);
        }
      }),
    ];
  }

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
