// A page's JavaScript dialog (alert / confirm / prompt / beforeunload), shown as a modal box centred on
// the tile's page area, which it dims, as a browser would.
import { element, placeOver, toolkitElement } from '../dom';
import type { DialogKind, HostMessage } from '../../contract/protocol';
import type { Rect } from '../rect';
import type { Overlay } from './overlayLayer';

export type DialogRequest = Extract<HostMessage, { type: 'dialogOpened' }>;

const TITLES: Record<DialogKind, string> = {
  alert: 'This page says',
  confirm: 'This page asks',
  prompt: 'This page asks',
  beforeunload: 'Leave this page?',
};

function button(className: string, text: string, appearance: 'primary' | 'secondary'): HTMLElement {
  const node = toolkitElement('vscode-button', className, text);
  node.setAttribute('appearance', appearance);
  return node;
}

/** `locate` gives the tile's page area in client px; `answer` gets the user's choice once. */
export function createDialog(request: DialogRequest, locate: () => Rect | undefined, answer: (accept: boolean, promptText?: string) => void): Overlay {
  const backdrop = element('div', 'dialog-backdrop');
  backdrop.dataset.tileId = request.tileId;
  const box = element('div', 'dialog-box');
  box.setAttribute('role', 'alertdialog');
  box.dataset.kind = request.kind;
  const message = element('div', 'dialog-message', request.message);
  box.append(element('div', 'dialog-title', TITLES[request.kind]), message);

  const prompt = request.kind === 'prompt' ? element('input', 'dialog-prompt') : undefined;
  if (prompt) {
    prompt.type = 'text';
    prompt.value = request.defaultPrompt;
    box.append(prompt);
  }
  const leaving = request.kind === 'beforeunload';
  const accept = button('dialog-accept', leaving ? 'Leave' : 'OK', 'primary');
  const cancel = request.kind === 'alert' ? undefined : button('dialog-cancel', leaving ? 'Stay' : 'Cancel', 'secondary');
  const buttons = element('div', 'dialog-buttons');
  buttons.append(...(cancel ? [cancel] : []), accept);
  box.append(buttons);
  backdrop.append(box);

  let answered = false;
  const respond = (accepted: boolean) => {
    if (!answered) {
      answered = true;
      answer(accepted, prompt && accepted ? prompt.value : undefined);
    }
  };
  accept.addEventListener('click', () => respond(true));
  cancel?.addEventListener('click', () => respond(false));
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === 'Escape') {
      event.preventDefault();
      // Escape dismisses: an alert has only OK, everything else is cancelled.
      respond(event.key === 'Enter' || !cancel);
    }
    // Keys typed here belong to the dialog, not to canvas shortcuts.
    event.stopPropagation();
  });
  queueMicrotask(() => (prompt ?? accept).focus());

  return {
    kind: 'dialog',
    tileId: request.tileId,
    element: backdrop,
    reposition() {
      const area = locate();
      if (area) {
        placeOver(backdrop, area);
      }
    },
  };
}
