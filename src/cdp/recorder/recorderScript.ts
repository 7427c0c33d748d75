/// <reference lib="dom" />
// Runs in every document of a recorded page (sent as source text, so self-contained). It reports what
// the developer does through the binding the host added, keeps the elements for the host to look up
// by id, and never reports what is typed into a password field.

export const RECORDER_BINDING = '__browserCanvasRecord';
export const RECORDED_ELEMENTS = '__browserCanvasRecorded';

import type { DomCandidates } from './selectorCandidates';

export interface RecordedEvent {
  readonly kind: 'click' | 'doubleClick' | 'change' | 'keyDown' | 'keyUp';
  /** Look the element up with globalThis[RECORDED_ELEMENTS].get(id). */
  readonly id?: number;
  readonly offsetX?: number;
  readonly offsetY?: number;
  readonly value?: string;
  readonly key?: string;
  /** A password field: the value stays in the page. */
  readonly secret?: boolean;
  /** A name for the secret's placeholder, from the field's name, id or label. */
  readonly secretName?: string;
  /** The element's DOM selector candidates, taken at once: a click that navigates leaves no element to ask later. */
  readonly dom?: DomCandidates;
}

export function installRecorder(binding: string, store: string, candidates: (this: Element) => DomCandidates): void {
  const global = globalThis as unknown as Record<string, unknown>;
  if (global[store]) {
    return; // already listening in this document
  }
  const elements = new Map<number, Element>();
  global[store] = elements;
  let next = 0;
  const report = (event: RecordedEvent) => {
    const element = event.id === undefined ? undefined : elements.get(event.id);
    (global[binding] as (payload: string) => void)(JSON.stringify(element ? { ...event, dom: candidates.call(element) } : event));
  };
  const keep = (element: Element) => {
    elements.set(++next, element);
    return next;
  };
  const KEYS = new Set(['Enter', 'Tab', 'Escape', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Backspace', 'Delete', 'PageUp', 'PageDown', 'Home', 'End']);
  const pointed = (event: MouseEvent, kind: 'click' | 'doubleClick') => {
    const element = event.composedPath()[0];
    if (!(element instanceof Element) || !event.isTrusted) {
      return;
    }
    const box = element.getBoundingClientRect();
    report({ kind, id: keep(element), offsetX: Math.round(event.clientX - box.left), offsetY: Math.round(event.clientY - box.top) });
  };
  addEventListener('click', (event) => event.detail <= 1 && pointed(event, 'click'), true);
  addEventListener('dblclick', (event) => pointed(event, 'doubleClick'), true);
  addEventListener(
    'change',
    (event) => {
      const element = event.composedPath()[0];
      if (!event.isTrusted || !(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement)) {
        return;
      }
      if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
        return; // the click already says it
      }
      const secret = element instanceof HTMLInputElement && element.type === 'password';
      const label = element.labels?.[0]?.textContent?.trim();
      const secretName = (element.getAttribute('name') || element.id || label || 'password').replace(/[^A-Za-z0-9_]+/g, '_');
      report(secret ? { kind: 'change', id: keep(element), secret, secretName } : { kind: 'change', id: keep(element), value: element.value });
    },
    true,
  );
  for (const type of ['keydown', 'keyup'] as const) {
    addEventListener(
      type,
      (event) => event.isTrusted && KEYS.has(event.key) && report({ kind: type === 'keydown' ? 'keyDown' : 'keyUp', key: event.key }),
      true,
    );
  }
}
