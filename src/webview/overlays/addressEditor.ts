// Editing a tile's address: an <input> laid over the address in the tile header. Enter navigates to
// what was typed; Escape or leaving the field cancels.
import { element, placeOver } from '../dom';
import type { Rect } from '../rect';
import type { Overlay } from './overlayLayer';

export function createAddressEditor(
  tileId: string,
  url: string,
  locate: () => Rect | undefined,
  navigate: (url: string) => void,
  close: () => void,
): Overlay {
  const input = element('input', 'address-editor');
  input.type = 'text';
  input.value = url;
  input.spellcheck = false;
  input.setAttribute('aria-label', 'Address');
  input.addEventListener('keydown', (event) => {
    event.stopPropagation();
    if (event.key === 'Enter' && input.value.trim()) {
      event.preventDefault();
      navigate(input.value.trim().slice(0, 8192));
      close();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => close());
  queueMicrotask(() => {
    input.focus();
    input.select();
  });
  return {
    kind: 'address',
    tileId,
    element: input,
    reposition() {
      const box = locate();
      if (box) {
        // Readable at any zoom: never smaller than a normal text field.
        placeOver(input, { ...box, width: Math.max(box.width, 240), height: Math.max(box.height, 24) });
        input.style.fontSize = `${Math.min(Math.max(12, box.height * 0.55), 24)}px`;
      }
    },
  };
}
