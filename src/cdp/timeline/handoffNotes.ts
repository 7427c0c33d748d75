import { historyLines } from './historyText';
import { isHandOver, type TimelineEntry } from './timelineEntry';
import type { Timelines } from './timelines';

/** About 750 tokens: what a handoff adds to one result at most; session_history has the rest. */
const MAX_NOTE_CHARS = 3_000;

/** What the developer did while the agent did not hold the session, for the agent's first result after a handoff. */
export interface HandoffSummary {
  readonly lines: readonly string[];
  /** Older entries left out of the lines (session_history shows them). */
  readonly left: number;
}

/**
 * The handoff's "what happened meanwhile": once a session is handed to the agent, the agent's next
 * result on it names the developer's entries since the agent last held it (or since the timeline
 * began), once; entries the developer adds later (a visible window, a step still finding its
 * selectors at the handoff) come with the result after they do.
 */
export class HandoffNotes {
  /** Per session, the newest seq the agent was told about. */
  private readonly told = new Map<string, number>();

  constructor(private readonly timelines: Timelines) {}

  /** The developer's entries the agent has not been told about, or undefined when there are none. */
  async take(sessionId: string): Promise<HandoffSummary | undefined> {
    const entries = await this.timelines.entries(sessionId);
    const handed = lastOf(entries, (entry) => entry.action === 'handToAgent');
    if (!handed) {
      return undefined; // never handed over: a session the agent opened itself
    }
    const released = lastOf(entries, (entry) => entry.seq < handed.seq && (entry.action === 'takeBack' || entry.action === 'handBack'));
    const since = Math.max(released?.seq ?? 0, this.told.get(sessionId) ?? 0);
    this.told.set(sessionId, Math.max(since, entries.at(-1)?.seq ?? 0));
    const developers = entries.filter((entry) => entry.seq > since && entry.actor === 'developer' && !isHandOver(entry));
    if (!developers.length) {
      return undefined;
    }
    return historyLines(developers, MAX_NOTE_CHARS);
  }
}

function lastOf(entries: readonly TimelineEntry[], wanted: (entry: TimelineEntry) => boolean): TimelineEntry | undefined {
  return [...entries].reverse().find(wanted);
}
