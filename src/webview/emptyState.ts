// What the canvas shows with no pages: a way to start one.
import { element, toolkitElement } from './dom';
import type { Post } from './vscodeApi';

export function createEmptyState(post: Post): HTMLElement {
  const root = element('div', 'empty-state');
  const newSession = toolkitElement('vscode-button', 'empty-new-session', 'New Session');
  newSession.dataset.action = 'newSession';
  newSession.addEventListener('click', () => post({ type: 'runCommand', command: 'newSession' }));
  const attach = toolkitElement('vscode-link', 'empty-attach', 'Attach to Browser Endpoint');
  attach.dataset.action = 'attach';
  attach.setAttribute('href', '#');
  attach.addEventListener('click', (event) => {
    event.preventDefault();
    post({ type: 'runCommand', command: 'attach' });
  });
  root.append(
    element('div', 'empty-title', 'No browser pages yet'),
    element('div', 'empty-hint', 'Pages of your browser sessions appear here, live.'),
    newSession,
    attach,
  );
  return root;
}
