// Canvas keyboard shortcuts. They act only while no tile has the keyboard (keys then belong to the
// page) and no text field or overlay is taking keys.
import type { ToolbarAction } from './toolbar';

/** The toolbar's actions, and T: the timeline strip of the tile in use. */
export type CanvasAction = ToolbarAction | 'timeline';

export interface ShortcutHost {
  hasFocusedTile(): boolean;
  run(action: CanvasAction): void;
  setSpaceHeld(held: boolean): void;
}

const ACTIONS: Readonly<Record<string, CanvasAction>> = {
  f: 'zoomToFit',
  F: 'zoomToFit',
  '0': 'resetZoom',
  '+': 'zoomIn',
  '=': 'zoomIn',
  '-': 'zoomOut',
  _: 'zoomOut',
  '?': 'help',
  t: 'timeline',
  T: 'timeline',
};

function isTextEntry(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}

export function installShortcuts(host: ShortcutHost): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || host.hasFocusedTile() || isTextEntry(event.target) || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === ' ') {
      event.preventDefault();
      host.setSpaceHeld(true);
      return;
    }
    const action = ACTIONS[event.key];
    if (action) {
      event.preventDefault();
      host.run(action);
    }
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key === ' ') {
      host.setSpaceHeld(false);
    }
  };
  // Releasing space in another window never reaches us.
  const onBlur = () => host.setSpaceHeld(false);
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('keyup', onKeyUp);
  window.addEventListener('blur', onBlur);
  return () => {
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('keyup', onKeyUp);
    window.removeEventListener('blur', onBlur);
  };
}
