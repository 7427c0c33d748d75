// Run on one element in our isolated world (Runtime.callFunctionOn, sent as source text, so each is
// self-contained), where the page cannot have replaced what they call.

// Brings the element into view the way a person would scroll to it, then measures its box.
export function revealAndMeasure(this: Element) {
  if (!this.isConnected) {
    return { connected: false };
  }
  this.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  const box = this.getBoundingClientRect();
  const style = getComputedStyle(this);
  const visible = box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  const secret = this instanceof HTMLInputElement && this.type === 'password';
  return { connected: true, visible, secret, x: box.x, y: box.y, width: box.width, height: box.height };
}

// Is `hit` this element, or inside it (a label's text, an icon in a button), shadow roots included?
export function holds(this: Node, hit: Node): boolean {
  for (let node: Node | null = hit; node; node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null)) {
    if (node === this) {
      return true;
    }
  }
  return false;
}

// Runs on an <iframe>: where its content starts, in its own document's viewport.
export function contentOrigin(this: Element) {
  const box = this.getBoundingClientRect();
  const style = getComputedStyle(this);
  return { x: box.left + this.clientLeft + parseFloat(style.paddingLeft), y: box.top + this.clientTop + parseFloat(style.paddingTop) };
}

// The document the element is in, as an object to ask Accessibility.queryAXTree about.
export function ownerDocument(this: Node): Document | null {
  return this.ownerDocument;
}
