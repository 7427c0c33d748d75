// The help card: every shortcut and gesture of the canvas. Toggled with `?` or the toolbar's Help;
// closed by Escape or any click.
import { element } from '../dom';
import type { Overlay } from './overlayLayer';

const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ['Drag empty canvas', 'Pan'],
  ['Space + drag, middle-button drag', 'Pan from anywhere'],
  ['Wheel over empty canvas', 'Pan'],
  ['Ctrl/Cmd + wheel, pinch', 'Zoom at the pointer'],
  ['F', 'Zoom to fit all pages'],
  ['0', 'Reset zoom to 100%'],
  ['+ / -', 'Zoom in / out'],
  ['?', 'Show or hide this help'],
  ['T', "Show or hide the timeline strip of the page in use (arrow keys on it go back in time, Escape returns to live)"],
  ['Click a page', 'Give the page the keyboard'],
  ['Shift + Escape, click empty canvas', 'Take the keyboard back from the page'],
  ['Drag a header', 'Move a page'],
  ['Drag the bottom-right corner', 'Resize the page viewport'],
  ['Click the address', 'Type a new address'],
];

export function createHelp(close: () => void): Overlay {
  const backdrop = element('div', 'help-backdrop');
  const card = element('div', 'help-card');
  card.setAttribute('role', 'dialog');
  card.setAttribute('aria-label', 'Keyboard shortcuts');
  card.append(element('h2', 'help-title', 'Keyboard and mouse'));
  const table = element('table', 'help-table');
  for (const [keys, action] of SHORTCUTS) {
    const row = table.insertRow();
    row.insertCell().append(element('kbd', undefined, keys));
    row.insertCell().textContent = action;
  }
  card.append(table, element('p', 'help-hint', 'While a page has the keyboard, keys go to the page; canvas shortcuts work again once it lets go.'));
  backdrop.append(card);
  backdrop.addEventListener('click', close);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };
  window.addEventListener('keydown', onKey);
  return {
    kind: 'help',
    element: backdrop,
    reposition() {
      // Centred by CSS: nothing follows the camera.
    },
    dispose() {
      window.removeEventListener('keydown', onKey);
    },
  };
}
