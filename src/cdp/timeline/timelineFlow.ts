import { BrowserCanvasError } from '../errors';
import { parseFlow, type FlowStep, type UserFlow } from '../recorder/flowSchema';
import type { TimelineEntry } from './timelineEntry';

/** A range of a session's timeline, by entry number: `toSeq` left out runs to the last entry. */
export interface TimelineRange {
  readonly fromSeq: number;
  readonly toSeq?: number;
}

/** The entries of `range`, oldest first; an error that says which numbers exist when it holds none. */
export function entriesInRange(entries: readonly TimelineEntry[], { fromSeq, toSeq = Infinity }: TimelineRange): TimelineEntry[] {
  const inRange = entries.filter((entry) => entry.seq >= fromSeq && entry.seq <= toSeq);
  if (!inRange.length) {
    const kept = entries.length ? `#${entries[0].seq} to #${entries.at(-1)!.seq}` : 'none';
    throw new BrowserCanvasError('INVALID_ARGUMENT', `The timeline has no entries from #${fromSeq}${toSeq === Infinity ? '' : ` to #${toSeq}`} (it keeps ${kept}).`, 'Pick entries the timeline lists.');
  }
  return inRange;
}

/**
 * The steps of a range of the timeline as a Recorder flow that replays without a model, whoever did
 * them: the steps of the entries that succeeded, in order, on the page the range began on (a step on
 * another page names it by its address, as a recorded popup's steps do). It first goes to the address
 * the range began at, so it replays into a fresh session; a field typed into twice in a row keeps its
 * last value, and a key released in the range but pressed before it is left out.
 */
export function timelineFlow(entries: readonly TimelineEntry[], range: TimelineRange, title: string): UserFlow {
  const inRange = entriesInRange(entries, range);
  const acted = inRange.filter((entry) => entry.result === 'ok' && entry.steps.length);
  const firstPage = acted[0]?.page;
  const steps: FlowStep[] = [];
  const keysDown = new Set<string>();
  for (const entry of acted) {
    const elsewhere = entry.page !== firstPage && entry.url ? { target: entry.url } : {};
    for (const step of entry.steps) {
      const placed = { ...elsewhere, ...step } as FlowStep;
      const key = `${placed.target ?? 'main'} ${'key' in placed ? placed.key : ''}`;
      if (placed.type === 'keyDown') {
        keysDown.add(key);
      } else if (placed.type === 'keyUp' && !keysDown.delete(key)) {
        continue;
      }
      const last = steps.at(-1);
      if (placed.type === 'change' && last?.type === 'change' && samePlace(last, placed)) {
        steps[steps.length - 1] = placed;
      } else {
        steps.push(placed);
      }
    }
  }
  const start = acted[0];
  if (start?.url && steps[0]?.type !== 'navigate') {
    steps.unshift({ type: 'navigate', url: start.url });
  }
  if (!steps.length) {
    throw new BrowserCanvasError('INVALID_ARGUMENT', `Entries #${inRange[0].seq} to #${inRange.at(-1)!.seq} did nothing a flow can replay (reads, hand-overs and failed actions are left out).`, 'Pick a range with clicks, typing or page loads.');
  }
  return parseFlow({ title, steps });
}

function samePlace(a: FlowStep, b: FlowStep): boolean {
  const place = (step: FlowStep) => JSON.stringify([step.target, 'frame' in step ? step.frame : undefined, 'selectors' in step ? step.selectors : undefined]);
  return place(a) === place(b);
}
