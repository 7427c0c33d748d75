// Small DOM builders: the page's CSP forbids markup strings with inline styles or handlers, so the UI
// is built from elements.

function decorate<T extends HTMLElement>(node: T, className?: string, text?: string): T {
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  return decorate(document.createElement(tag), className, text);
}

/** A toolkit web component (registered in toolkit.ts), e.g. 'vscode-button'. */
export function toolkitElement(tag: `vscode-${string}`, className?: string, text?: string): HTMLElement {
  return decorate(document.createElement(tag), className, text);
}

export function codiconElement(name: string): HTMLElement {
  const icon = element('span', `codicon codicon-${name}`);
  icon.setAttribute('aria-hidden', 'true');
  return icon;
}

/** Places an absolutely positioned element over a client-space rect. */
export function placeOver(node: HTMLElement, rect: { x: number; y: number; width: number; height: number }): void {
  node.style.left = `${rect.x}px`;
  node.style.top = `${rect.y}px`;
  node.style.width = `${rect.width}px`;
  node.style.height = `${rect.height}px`;
}
