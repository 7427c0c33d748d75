// Runs in every document of a recorded page (sent as source text, so self-contained). It reports what
// the developer does through the binding the host added (clicks here, typing and scrolls through its
// parts), and keeps the elements for the host to look up by id.

export const RECORDER_BINDING = '__browserCanvasRecord';
/** The page's recorder: `element(id)` for the host to look an element up, `flush()` to report what is settling. */
export const RECORDER_GLOBAL = '__browserCanvasRecorder';
/** The always-on recorder of the session timeline listens apart, so starting or stopping a recording never touches it. */
export const TIMELINE_BINDING = '__browserCanvasTimeline';
export const TIMELINE_GLOBAL = '__browserCanvasTimelineRecorder';

import type { AccessibleOf, watchLeavingAria } from './recorderAria';
import type { DomCandidates } from './selectorCandidates';
import type { watchTyping } from './recorderTyping';
import type { watchScrollsAndResizes } from './recorderWatchers';

/** An element the host looks up with globalThis[RECORDER_GLOBAL].element(id); `dom` is taken at once, as a click that navigates leaves no element to ask later. */
interface OnElement {
  readonly id: number;
  readonly dom?: DomCandidates;
}

export type RecordedEvent =
  | (OnElement & { readonly kind: 'click' | 'doubleClick'; readonly offsetX: number; readonly offsetY: number })
  /** A password field's value stays in the page: `secret`, with a name for its placeholder from the field's name, id or label. */
  | (OnElement & { readonly kind: 'change'; readonly value?: string; readonly secret?: boolean; readonly secretName?: string })
  | { readonly kind: 'keyDown' | 'keyUp'; readonly key: string }
  /** The window's scroll (no element) or an element's scrollLeft / scrollTop, once it settled. */
  | (Partial<OnElement> & { readonly kind: 'scroll'; readonly x: number; readonly y: number })
  | { readonly kind: 'viewport'; readonly width: number; readonly height: number }
  /** Not a step: an element acted on just before the document went, named as it went (recorderAria.ts). */
  | { readonly kind: 'aria'; readonly id: number; readonly aria: string };

/** What the recorder script is made of: each part is sent as source text, so each is self-contained. */
export interface RecorderParts {
  readonly candidates: (this: Element) => DomCandidates;
  readonly watchTyping: typeof watchTyping;
  readonly watchScrollsAndResizes: typeof watchScrollsAndResizes;
  readonly watchLeavingAria: typeof watchLeavingAria;
  /** Chromium's, kept from the command-line API the script was installed with. */
  readonly accessible?: AccessibleOf;
}

export function installRecorder(binding: string, global: string, parts: RecorderParts): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  if (scope[global]) {
    return; // already listening in this document
  }
  const elements = new Map<number, Element>();
  let next = 0;
  const post = (event: RecordedEvent) => (scope[binding] as (payload: string) => void)(JSON.stringify(event));
  const acted = parts.watchLeavingAria(post, parts.accessible);
  const send = (event: RecordedEvent) => {
    const id = 'id' in event ? event.id : undefined;
    const element = id !== undefined ? elements.get(id) : undefined;
    if (!element) {
      post(event);
      return;
    }
    if (event.kind !== 'scroll') {
      acted(id!, element);
    }
    post({ ...event, dom: parts.candidates.call(element) } as RecordedEvent);
  };
  const keep = (element: Element) => {
    elements.set(++next, element);
    return next;
  };
  // In the order they happened: a value typed goes before a scroll still settling, which goes before any
  // other action (a click on a button that keeps the focus in the field fires no change before it).
  let reportedAt = -Infinity;
  const report = (event: RecordedEvent) => {
    if (event.kind !== 'change') {
      commit();
      settle();
    }
    send(event);
    reportedAt = performance.now();
  };
  const commit = parts.watchTyping(report, keep);
  const settle = parts.watchScrollsAndResizes((event) => {
    commit();
    send(event);
  }, keep);
  const flush = () => {
    commit();
    settle();
  };
  scope[global] = { element: (id: number) => elements.get(id), flush };

  /** A click no pointer made (detail 0: Enter submitting a form), or a label passing a click on to its control, this soon after an action is its doing. */
  const FORWARDED_WITHIN_MS = 50;
  let passedTo: Element | null = null;
  const pointed = (event: MouseEvent, kind: 'click' | 'doubleClick') => {
    const element = event.composedPath()[0];
    const forwarded = performance.now() - reportedAt < FORWARDED_WITHIN_MS && (event.detail === 0 || element === passedTo);
    if (!(element instanceof Element) || !event.isTrusted || forwarded) {
      return;
    }
    passedTo = element.closest('label')?.control ?? null;
    const box = element.getBoundingClientRect();
    report({ kind, id: keep(element), offsetX: Math.round(event.clientX - box.left), offsetY: Math.round(event.clientY - box.top) });
  };
  addEventListener('click', (event) => event.detail <= 1 && pointed(event, 'click'), true);
  addEventListener('dblclick', (event) => pointed(event, 'doubleClick'), true);
}

// The element the recorder under `global` kept as `id` (undefined once it let it go), for the host to find its selectors.
export function recordedElement(global: string, id: number): Element | undefined {
  return (globalThis as unknown as Record<string, { element(id: number): Element | undefined }>)[global].element(id);
}
