import { DisposableStore, IDisposable } from '../disposable';
import { Emitter } from '../events';
import type { SessionManager } from '../sessionManager';
import type { HandOverAction } from '../timeline/timelineEntry';
import type { SessionRecord } from '../types';
import { AgentError } from '../action/agentError';
import type { PickedElement } from './elementPicker';

/** An element the developer pointed at in a page, with what they want the agent to know about it. */
export interface ElementNote {
  /** The page's short id (pageIds.ts). */
  readonly pageId: string;
  /** How it reads (`button "Pay now"`) and how to find it: page text, fenced when a model reads it. */
  readonly element: PickedElement;
  /** The developer's words. */
  readonly note: string;
}

export interface HandoffNote {
  readonly sessionId: string;
  /** To the agent: what the developer wants done. To the developer: why the agent gave it back. */
  readonly message?: string;
}

/** A session changed hands through this window: who did it, and how (the timeline keeps it). */
export interface HandOver {
  readonly sessionId: string;
  readonly actor: 'developer' | 'agent';
  readonly action: HandOverAction;
}

/**
 * Who may act on which session, and the cancellation of what the agent is doing. The controller lives
 * in the registry (SessionManager); this adds one AbortController per agent-held session, aborted the
 * moment the session leaves the agent, so every wait and CDP call of an action in flight stops.
 */
export class AgentControl implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly runs = new Map<string, AbortController>();
  private readonly instructions = new Map<string, string>();
  private readonly elementNotes = new Map<string, ElementNote[]>();
  /** Notes a model has been shown (their picture included), so each goes in front of a model once. */
  private readonly shown = new WeakSet<ElementNote>();
  private readonly handedBack = this.store.add(new Emitter<HandoffNote>());
  /** The agent gave a session back, maybe with a request ("solve the captcha, then hand it back"). */
  readonly onDidHandBack = this.handedBack.event;
  private readonly handedOver = this.store.add(new Emitter<HandOver>());
  /** Hand to Agent, Take Back or the agent's hand_back, once the registry has it. */
  readonly onDidHandOver = this.handedOver.event;

  constructor(private readonly manager: SessionManager) {
    // Another window, or the registry, may move a session back to the developer.
    this.store.add(manager.onDidChange(({ id }) => manager.get(id)?.controller !== 'agent' && this.cancel(id, 'The developer took the session back.')));
  }

  /** The signal for one agent action on `sessionId`; refuses a session the agent does not hold. */
  signalFor(sessionId: string): AbortSignal {
    const record = this.require(sessionId);
    if (record.controller !== 'agent') {
      throw new AgentError(
        'DEVELOPER_HOLDS',
        `Session "${record.label}" (${record.id}) is held by the developer, so you may not act on it. Ask the developer to hand it to you (Browser Canvas: Hand to Agent), or open a session of your own with open_session.`,
      );
    }
    let run = this.runs.get(sessionId);
    if (!run || run.signal.aborted) {
      run = new AbortController();
      this.runs.set(sessionId, run);
    }
    return run.signal;
  }

  /** What the developer asked for when handing the session over, if anything. */
  instruction(sessionId: string): string | undefined {
    return this.instructions.get(sessionId);
  }

  /** The elements the developer pointed at for the agent (Point at an Element), until the session comes back from it. */
  notes(sessionId: string): readonly ElementNote[] {
    return this.elementNotes.get(sessionId) ?? [];
  }

  /** The session's notes no model has been shown yet, counted as shown from now on. */
  takeUnshownNotes(sessionId: string): readonly ElementNote[] {
    const unshown = this.notes(sessionId).filter((note) => !this.shown.has(note));
    unshown.forEach((note) => this.shown.add(note));
    return unshown;
  }

  addNote(sessionId: string, note: ElementNote): void {
    this.require(sessionId);
    this.elementNotes.set(sessionId, [...this.notes(sessionId), note]);
  }

  async handToAgent(sessionId: string, instruction?: string): Promise<SessionRecord> {
    this.require(sessionId);
    if (instruction?.trim()) {
      this.instructions.set(sessionId, instruction.trim());
    }
    const record = await this.manager.setController(sessionId, 'agent');
    this.handedOver.fire({ sessionId, actor: 'developer', action: 'handToAgent' });
    return record;
  }

  /** Instant: actions in flight are cancelled before the registry is even written. */
  async takeBack(sessionId: string, reason = 'The developer took the session back.'): Promise<SessionRecord> {
    return this.release(sessionId, reason, { sessionId, actor: 'developer', action: 'takeBack' });
  }

  /** The agent gives the session back, with a message for the developer. */
  async handBack(sessionId: string, message?: string): Promise<SessionRecord> {
    const record = await this.release(sessionId, 'The agent handed the session back.', { sessionId, actor: 'agent', action: 'handBack' });
    this.handedBack.fire({ sessionId, message: message?.trim() || undefined });
    return record;
  }

  private async release(sessionId: string, reason: string, handOver: HandOver): Promise<SessionRecord> {
    this.cancel(sessionId, reason);
    this.instructions.delete(sessionId);
    const wasAgents = this.manager.get(sessionId)?.controller === 'agent';
    // The notes went with the handoff that ends here; a session the developer already holds keeps the ones pointed at for the next.
    if (wasAgents) {
      this.elementNotes.delete(sessionId);
    }
    const record = await this.manager.setController(sessionId, 'developer');
    if (wasAgents) {
      this.handedOver.fire(handOver);
    }
    return record;
  }

  /** Stops what the agent is doing on the session now (chat cancelled), leaving it with the agent. */
  interrupt(sessionId: string, reason: string): void {
    this.cancel(sessionId, reason);
  }

  private cancel(sessionId: string, reason: string): void {
    const run = this.runs.get(sessionId);
    this.runs.delete(sessionId);
    run?.abort(new AgentError('CANCELLED', `${reason} Stop acting on session ${sessionId}; wait until the developer hands it back.`));
  }

  private require(sessionId: string): SessionRecord {
    const record = this.manager.get(sessionId);
    if (!record) {
      throw new AgentError('NO_SESSION', `There is no session ${sessionId}. Call list_sessions to see the sessions and their ids.`);
    }
    return record;
  }

  dispose(): void {
    for (const sessionId of [...this.runs.keys()]) {
      this.cancel(sessionId, 'The editor is closing.');
    }
    this.store.dispose();
  }
}
