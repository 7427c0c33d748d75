import { AsyncLocalStorage } from 'node:async_hooks';
import type { TimelineStep, TimelineTarget } from './timelineEntry';

/** What one action did, as the timeline keeps it: its Recorder steps, the page it began on, the file it saved. */
export interface ActionNotes {
  readonly steps: TimelineStep[];
  page?: string;
  url?: string;
  target?: TimelineTarget;
  file?: string;
}

const current = new AsyncLocalStorage<ActionNotes>();

/**
 * Runs one action with a fresh set of notes, which the code doing the action fills in (`noteSteps`,
 * `notePage`) where it knows what it did: the tools need not pass steps up through their results.
 */
export function withNotes<T>(notes: ActionNotes, work: () => Promise<T>): Promise<T> {
  return current.run(notes, work);
}

/** Steps the action now running did (nothing outside an action: a helper used elsewhere notes nothing). */
export function noteSteps(...steps: TimelineStep[]): void {
  current.getStore()?.steps.push(...steps);
}

/** The page the action now running acts on: the first one named stays (a click that opens a popup is the opener's). */
export function notePage(page: string, url: string): void {
  const notes = current.getStore();
  if (notes && notes.page === undefined) {
    notes.page = page;
    notes.url = url;
  }
}

/** The element the action now running acts on: the first one named stays (a drag's is where it began). */
export function noteTarget(target: TimelineTarget): void {
  const notes = current.getStore();
  if (notes && notes.target === undefined) {
    notes.target = target;
  }
}

/** The file the action now running saved (a HAR, a trace), for its entry. */
export function noteFile(file: string): void {
  const notes = current.getStore();
  if (notes) {
    notes.file = file;
  }
}
