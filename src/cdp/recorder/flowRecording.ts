import type { FlowStep, UserFlow } from './flowSchema';
import type { RecordedEvent } from '../pageSide/recorderScript';
import { RECORDER_BINDING, RECORDER_GLOBAL } from '../pageSide/recorderScript';
import { StepPlace, targetField } from './recordedSteps';

/** The names a recorder's script and binding go by in a page: a recording's, or the timeline's, which run side by side. */
export interface RecorderNames {
  readonly binding: string;
  readonly global: string;
}

export interface FlowRecordingOptions {
  readonly names?: RecorderNames;
  /** A step joined the flow (or replaced the one before it: a field's new value), `at` when it happened (performance.now()), on `page` (a target id) where known. */
  readonly onStep?: (step: FlowStep, at: number, page?: string) => void;
}

/** A page load (or a popup closing) this soon after a click or key is that action's doing. */
const CAUSED_WITHIN_MS = 1500;
/** Actions that can load a page: a replay waits for the load on the step itself. */
const CAUSES: ReadonlySet<RecordedEvent['kind']> = new Set(['click', 'doubleClick', 'change', 'keyDown']);
const ACTIONS: ReadonlySet<RecordedEvent['kind']> = new Set([...CAUSES, 'keyUp']);

interface Cause {
  readonly at: number;
  readonly place: StepPlace;
  step?: FlowStep;
}

interface NavigationEvent {
  type: 'navigation';
  url: string;
  title: string;
}

/**
 * The steps of one recording, from every page and frame it follows, in the order they happened
 * (steps resolve their selectors asynchronously, so each waits its turn). Page loads become the
 * asserted events of the action that caused them, or steps of their own.
 */
export class FlowRecording {
  private readonly steps: FlowStep[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** When each recorded page (by target id) last saw an action. */
  private readonly actedAt = new Map<string, number>();
  /** The last action that could load a page, with its step once made. */
  private cause?: Cause;
  /** A load the replay waits for, whose page has not told its title yet. */
  private untitled?: { page: string; event: NavigationEvent };
  /** Keys down on each page (by target id): a keyUp joins the flow only after its keyDown. */
  private readonly keysDown = new Map<string, Set<string>>();
  readonly names: RecorderNames;

  constructor(private readonly options: FlowRecordingOptions = {}) {
    this.names = options.names ?? { binding: RECORDER_BINDING, global: RECORDER_GLOBAL };
  }

  /** Adds a step as it is (the ones a recording starts with). */
  add(step: FlowStep): void {
    const at = performance.now();
    this.enqueue(async () => this.push(step, at));
  }

  /**
   * Something the developer did at `place`; `step` makes its step (undefined: it cannot be replayed). It
   * starts at once, while the element is surely still there; the step joins the flow in its turn.
   */
  record(place: StepPlace, event: RecordedEvent, step: () => Promise<FlowStep | undefined>): void {
    if (!this.pairsKeys(place.page, event)) {
      return;
    }
    const { kind } = event;
    const at = performance.now();
    const cause: Cause | undefined = CAUSES.has(kind) ? (this.cause = { at, place }) : undefined;
    if (ACTIONS.has(kind)) {
      this.actedAt.set(place.page, at);
    }
    const making = step().catch(() => undefined); // an element gone meanwhile: that step is lost, not the rest
    this.enqueue(async () => {
      const made = await making;
      if (made) {
        this.push(made, at, place.page);
      }
      if (cause) {
        cause.step = made;
      }
    });
  }

  /** A page's main frame loaded `url`: the replay waits for it after the action that caused it, or goes there itself. */
  navigated(place: StepPlace, url: string): void {
    const at = performance.now();
    const caused = at - Math.max(-Infinity, ...this.actedAt.values()) < CAUSED_WITHIN_MS;
    const cause = this.cause && at - this.cause.at < CAUSED_WITHIN_MS && this.cause.place.page === place.page && this.cause.place.frame.length === 0 ? this.cause : undefined;
    this.releaseKeys(place);
    this.enqueue(async () => {
      if (cause?.step) {
        // A later load (a redirect) replaces an earlier one: the replay waits for one load either way.
        const event: NavigationEvent = { type: 'navigation', url, title: '' };
        Object.assign(cause.step, { assertedEvents: [event] });
        this.untitled = { page: place.page, event };
      } else if (!caused) {
        this.push({ type: 'navigate', ...targetField(place.target), url }, at, place.page);
      }
    });
  }

  /** A page finished loading, with `title`. */
  loaded(page: string, title: string): void {
    this.enqueue(async () => {
      if (this.untitled?.page === page) {
        this.untitled.event.title = title;
        this.untitled = undefined;
      }
    });
  }

  /** A popup (labelled `target`) closed; one that closes itself right after an action is that action's doing. */
  closed(page: string, target: string): void {
    const at = performance.now();
    const byItself = at - (this.actedAt.get(page) ?? -Infinity) < CAUSED_WITHIN_MS;
    if (!byItself) {
      this.enqueue(async () => this.push({ type: 'close', target }, at, page));
    }
  }

  /** The flow so far, once every step in flight has its selectors. */
  async flow(title: string): Promise<UserFlow> {
    await this.queue;
    return { title, steps: [...this.steps] };
  }

  /** Whether a key event belongs in the flow: a keyUp does only while its key is down on that page. */
  private pairsKeys(page: string, event: RecordedEvent): boolean {
    if (event.kind !== 'keyDown' && event.kind !== 'keyUp') {
      return true;
    }
    const down = this.keysDown.get(page) ?? new Set<string>();
    this.keysDown.set(page, down);
    return event.kind === 'keyDown' ? (down.add(event.key), true) : down.delete(event.key);
  }

  /**
   * A key whose press loaded another page (Enter in a form) is released where the old document may never
   * see it, and the new one's keyUp has no keyDown: the flow releases it at the load, so a replay does too.
   */
  private releaseKeys(place: StepPlace): void {
    const down = this.keysDown.get(place.page);
    this.keysDown.delete(place.page);
    const at = performance.now();
    for (const key of down ?? []) {
      this.enqueue(async () => this.push({ type: 'keyUp', ...targetField(place.target), key }, at, place.page));
    }
  }

  /** One size for a page at a time, one value for a field: a resize right after a resize, or a field's value right after its value, replaces it. */
  private push(step: FlowStep, at: number, page?: string): void {
    this.options.onStep?.(step, at, page);
    const last = this.steps.at(-1);
    const place = (of: FlowStep) => JSON.stringify([of.type, of.target, 'frame' in of ? of.frame : undefined, 'selectors' in of ? of.selectors : undefined]);
    if ((step.type === 'setViewport' || step.type === 'change') && last && place(last) === place(step)) {
      this.steps[this.steps.length - 1] = step;
    } else {
      this.steps.push(step);
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work);
  }
}
