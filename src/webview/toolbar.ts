// The floating toolbar: New Session, zoom controls with the current zoom, and Help.
import { codiconElement, element, toolkitElement } from './dom';

export type ToolbarAction = 'newSession' | 'zoomToFit' | 'resetZoom' | 'zoomOut' | 'zoomIn' | 'help';

export interface Toolbar {
  readonly element: HTMLElement;
  showZoom(scale: number): void;
}

function iconButton(action: ToolbarAction, icon: string, label: string): HTMLElement {
  const button = toolkitElement('vscode-button');
  button.setAttribute('appearance', 'icon');
  button.setAttribute('aria-label', label);
  button.title = label;
  button.dataset.action = action;
  button.append(codiconElement(icon));
  return button;
}

export function createToolbar(run: (action: ToolbarAction) => void): Toolbar {
  const bar = element('div', 'toolbar');
  bar.setAttribute('role', 'toolbar');
  const newSession = toolkitElement('vscode-button', undefined, 'New Session');
  newSession.dataset.action = 'newSession';
  const plus = codiconElement('add');
  plus.slot = 'start';
  newSession.append(plus);
  const zoom = element('span', 'toolbar-zoom', '100%');
  zoom.dataset.role = 'zoom';
  zoom.title = 'Zoom (0 resets to 100%)';
  bar.append(
    newSession,
    element('span', 'toolbar-separator'),
    iconButton('zoomOut', 'zoom-out', 'Zoom Out (-)'),
    zoom,
    iconButton('zoomIn', 'zoom-in', 'Zoom In (+)'),
    iconButton('zoomToFit', 'screen-full', 'Zoom to Fit (F)'),
    iconButton('resetZoom', 'screen-normal', 'Reset Zoom to 100% (0)'),
    element('span', 'toolbar-separator'),
    iconButton('help', 'question', 'Keyboard Shortcuts (?)'),
  );
  bar.addEventListener('click', (event) => {
    const action = (event.target as Element).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action) {
      run(action as ToolbarAction);
    }
  });
  return {
    element: bar,
    showZoom(scale) {
      zoom.textContent = `${Math.round(scale * 100)}%`;
    },
  };
}
