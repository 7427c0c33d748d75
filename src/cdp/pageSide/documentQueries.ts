// Run on a document in our isolated world (Runtime.callFunctionOn, sent as source text, so each is
// self-contained); the selector comes as an argument, never spliced into code.

// The first element matching the selector, or null; throws on a selector that does not parse.
export function firstMatch(this: Document, selector: string): Element | null {
  return this.querySelector(selector);
}

// The box of the first match in its frame's viewport (CSS px), and that viewport; null when none matches.
export function firstMatchBox(this: Document, selector: string) {
  const found = this.querySelector(selector);
  if (!found) {
    return null;
  }
  const box = found.getBoundingClientRect();
  return { box: { x: box.x, y: box.y, width: box.width, height: box.height }, viewport: { width: innerWidth, height: innerHeight } };
}
