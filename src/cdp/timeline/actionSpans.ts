import { DisposableStore, IDisposable, toDisposable } from '../disposable';
import type { SessionManager } from '../sessionManager';

interface Span {
  readonly from: number;
  to?: number;
}

/** Spans that ended longer ago than this are forgotten: a recorded step reaches us within a second or two. */
const KEPT_MS = 60_000;

/**
 * When input in a session was not the developer's own hands: while one of our actions ran on it (an
 * agent's tool, a replay, a chat slash command: each makes its own timeline entry) and while the agent
 * held it (the canvas holds the developer's input back then). The always-on recorder sees the input
 * these make as any other; its steps in these spans are not the developer's. Times are performance.now().
 */
export class ActionSpans implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly spans = new Map<string, Span[]>();
  private readonly held = new Map<string, Span>();

  constructor(private readonly manager: SessionManager) {
    manager.list().forEach((record) => this.follow(record.id));
    this.store.add(manager.onDidChange(({ id }) => this.follow(id)));
  }

  /** An action of ours on the session, until disposed. */
  begin(sessionId: string): IDisposable {
    const span = this.open(sessionId);
    return toDisposable(() => (span.to ??= performance.now()));
  }

  /** Whether something other than the developer's hands may have made input in the session at `at`. */
  covers(sessionId: string, at: number): boolean {
    return (this.spans.get(sessionId) ?? []).some((span) => span.from <= at && (span.to === undefined || at <= span.to));
  }

  private follow(sessionId: string): void {
    const agentHolds = this.manager.get(sessionId)?.controller === 'agent';
    const span = this.held.get(sessionId);
    if (agentHolds && !span) {
      this.held.set(sessionId, this.open(sessionId));
    } else if (!agentHolds && span) {
      span.to = performance.now();
      this.held.delete(sessionId);
    }
  }

  private open(sessionId: string): Span {
    const now = performance.now();
    const span: Span = { from: now };
    const kept = (this.spans.get(sessionId) ?? []).filter((old) => old.to === undefined || now - old.to < KEPT_MS);
    this.spans.set(sessionId, [...kept, span]);
    return span;
  }

  dispose(): void {
    this.store.dispose();
  }
}
