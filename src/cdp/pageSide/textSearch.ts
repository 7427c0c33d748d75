// Sent as source text (Runtime.callFunctionOn), so self-contained.

// Runs in our isolated world of one frame: does its document, or any open shadow root in it, show the
// text or match the selector? Shadow roots are found through the real `shadowRoot` getter, which the
// page's script cannot replace in our world.
export function presentIn(text: string | null, selector: string | null): boolean {
  const roots: Array<Document | ShadowRoot> = [document];
  for (let index = 0; index < roots.length; index++) {
    const root = roots[index];
    if (selector !== null && root.querySelector(selector) !== null) {
      return true;
    }
    if (text !== null) {
      // innerText is what is rendered; an element that is not (display: none) would give its raw text.
      const shown = root === document ? [document.body] : Array.from(root.children).filter((child) => child.checkVisibility());
      if (shown.some((element) => element instanceof HTMLElement && element.innerText.includes(text))) {
        return true;
      }
    }
    root.querySelectorAll('*').forEach((element) => element.shadowRoot && roots.push(element.shadowRoot));
  }
  return false;
}
