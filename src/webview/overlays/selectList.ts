// The popup of a page's <select>, which screencasts do not show: a list under the select's box with
// optgroup headers, the current option highlighted, disabled options greyed out and not choosable.
import { element } from '../dom';
import type { HostMessage } from '../../contract/protocol';
import type { Rect } from '../rect';
import type { Overlay } from './overlayLayer';

export type SelectRequest = Extract<HostMessage, { type: 'selectOpened' }>;

/** `locate` gives the select's box in client px (undefined when its tile is gone); -1 means dismissed. */
export function createSelectList(request: SelectRequest, locate: () => Rect | undefined, choose: (index: number) => void): Overlay {
  const list = element('div', 'select-list');
  list.setAttribute('role', 'listbox');
  list.tabIndex = 0;
  list.dataset.tileId = request.tileId;
  const items: HTMLElement[] = [];
  let group: string | undefined;
  request.options.forEach((option, index) => {
    if (option.group !== undefined && option.group !== group) {
      list.append(element('div', 'select-group', option.group));
    }
    group = option.group;
    const item = element('div', option.group === undefined ? 'select-option' : 'select-option grouped', option.label);
    item.setAttribute('role', 'option');
    item.dataset.optionIndex = String(index);
    item.classList.toggle('disabled', option.disabled);
    item.setAttribute('aria-disabled', String(option.disabled));
    item.setAttribute('aria-selected', String(index === request.selectedIndex));
    items.push(item);
    list.append(item);
  });

  let highlighted = request.selectedIndex;
  let done = false;
  const finish = (index: number) => {
    if (!done) {
      done = true;
      choose(index);
    }
  };
  const highlight = (index: number) => {
    highlighted = index;
    items.forEach((item, i) => item.classList.toggle('highlighted', i === index));
    items[index]?.scrollIntoView({ block: 'nearest' });
  };
  /** The next choosable option from the highlight in `direction`, or the highlight itself. */
  const step = (direction: 1 | -1) => {
    for (let i = highlighted + direction; i >= 0 && i < items.length; i += direction) {
      if (!request.options[i]?.disabled) {
        return i;
      }
    }
    return highlighted;
  };

  list.addEventListener('mousemove', (event) => {
    const index = optionIndexAt(event.target);
    if (index !== undefined && !request.options[index]?.disabled) {
      highlight(index);
    }
  });
  list.addEventListener('click', (event) => {
    const index = optionIndexAt(event.target);
    if (index !== undefined && !request.options[index]?.disabled) {
      finish(index);
    }
  });
  list.addEventListener('keydown', (event) => {
    const moves: Record<string, () => void> = {
      ArrowDown: () => highlight(step(1)),
      ArrowUp: () => highlight(step(-1)),
      Enter: () => finish(request.options[highlighted]?.disabled === false ? highlighted : -1),
      Escape: () => finish(-1),
      Tab: () => finish(-1),
    };
    moves[event.key]?.();
    event.preventDefault();
    event.stopPropagation();
  });
  // A press anywhere else dismisses the list, as a native select does.
  const onOutsidePress = (event: MouseEvent) => {
    if (!list.contains(event.target as Node)) {
      finish(-1);
    }
  };
  window.addEventListener('mousedown', onOutsidePress, true);
  // Once attached, so focus and scrolling to the current option take effect.
  queueMicrotask(() => {
    list.focus({ preventScroll: true });
    highlight(highlighted);
  });

  return {
    kind: 'select',
    tileId: request.tileId,
    element: list,
    reposition() {
      const box = locate();
      if (!box) {
        return;
      }
      list.style.left = `${box.x}px`;
      list.style.minWidth = `${Math.max(box.width, 80)}px`;
      const below = box.y + box.height;
      const fitsBelow = below + list.offsetHeight <= window.innerHeight || box.y < list.offsetHeight;
      list.style.top = `${fitsBelow ? below : box.y - list.offsetHeight}px`;
    },
    dispose() {
      window.removeEventListener('mousedown', onOutsidePress, true);
    },
  };
}

function optionIndexAt(target: EventTarget | null): number | undefined {
  const item = target instanceof Element ? target.closest<HTMLElement>('[data-option-index]') : null;
  return item ? Number(item.dataset.optionIndex) : undefined;
}
