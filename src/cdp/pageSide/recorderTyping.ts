// Runs in the page with the recorder script (sent as source text, so self-contained): changed values
// and special keys. What is typed into a password field never leaves the page.

import type { RecordedEvent } from './recorderScript';

/** Starts watching; the function it returns reports the focused field's value now, if it is new. */
export function watchTyping(report: (event: RecordedEvent) => void, keep: (element: Element) => number): () => void {
  const KEYS = new Set(['Enter', 'Tab', 'Escape', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Backspace', 'Delete', 'PageUp', 'PageDown', 'Home', 'End']);
  type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  const isField = (element: unknown): element is Field => element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;
  const focused = () => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) {
      element = element.shadowRoot.activeElement;
    }
    return isField(element) ? element : undefined;
  };
  /** Each field's value as last reported (or as it was when focused): a change says only what is new. */
  const committed = new WeakMap<Element, string>();
  const changed = (element: Field) => {
    // A checkbox's or radio's click already says it.
    if ((element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) || committed.get(element) === element.value) {
      return;
    }
    committed.set(element, element.value);
    if (element instanceof HTMLInputElement && element.type === 'password') {
      const label = element.labels?.[0]?.textContent?.trim();
      report({ kind: 'change', id: keep(element), secret: true, secretName: (element.getAttribute('name') || element.id || label || 'password').replace(/[^A-Za-z0-9_]+/g, '_').slice(0, 64) });
    } else {
      report({ kind: 'change', id: keep(element), value: element.value });
    }
  };

  addEventListener(
    'focusin',
    (event) => {
      const element = event.composedPath()[0];
      if (isField(element)) {
        committed.set(element, element.value);
      }
    },
    true,
  );
  // Text with no key behind it (dictation, an emoji picker, a spelling fix) may be followed by no key
  // or change event the recorder hears (a button that keeps the focus): its value is taken at once.
  const KEYLESS_INPUT = new Set(['insertText', 'insertReplacementText', 'insertFromDrop']);
  /** A key's own input follows its keydown in the same task. */
  const KEY_INPUT_MS = 50;
  let keyDownAt = -Infinity;
  addEventListener('keydown', (event) => event.isTrusted && (keyDownAt = performance.now()), true);
  addEventListener(
    'input',
    (event) => {
      const element = event.composedPath()[0];
      if (event.isTrusted && event instanceof InputEvent && KEYLESS_INPUT.has(event.inputType) && performance.now() - keyDownAt > KEY_INPUT_MS && isField(element)) {
        changed(element);
      }
    },
    true,
  );
  addEventListener(
    'change',
    (event) => {
      const element = event.composedPath()[0];
      // The canvas's own drop-down list chooses by script, on the select it focused, as a press would.
      const chosenInCanvas = element instanceof HTMLSelectElement && focused() === element;
      if (isField(element) && (event.isTrusted || chosenInCanvas)) {
        changed(element);
      }
    },
    true,
  );
  for (const type of ['keydown', 'keyup'] as const) {
    addEventListener(
      type,
      (event) => {
        if (!event.isTrusted || !KEYS.has(event.key)) {
          return;
        }
        // Enter or Tab commits what was typed, but the field says so only after the key: a replay must fill it first.
        const field = focused();
        if (field && type === 'keydown' && (event.key === 'Tab' || (event.key === 'Enter' && !(field instanceof HTMLTextAreaElement)))) {
          changed(field);
        }
        report({ kind: type === 'keydown' ? 'keyDown' : 'keyUp', key: event.key });
      },
      true,
    );
  }
  return () => {
    const field = focused();
    if (field) {
      changed(field);
    }
  };
}
