// Sent as source text (Runtime.callFunctionOn), so self-contained.

// Runs in our isolated world on a frame's document: the elements that say they can be dragged, open
// shadow roots included, at most `max`. Read in our world, where the page's script cannot change what
// the DOM's own methods answer: markup (`draggable="true"`, for HTML5 drag and drop; links and images,
// draggable by default, keep their own roles; `aria-grabbed`, ARIA 1.1's drag and drop; the
// `aria-roledescription` sortable libraries give their items, "sortable", "draggable item") and the
// grab or move cursor sortable lists show over the items they move with pointer events.
export function draggableElements(this: Document, max: number): Element[] {
  const found: Element[] = [];
  const roots: Array<Document | ShadowRoot> = [this];
  const says = (element: Element) =>
    element.getAttribute('draggable')?.toLowerCase() === 'true' || element.hasAttribute('aria-grabbed') || /drag|sortable/i.test(element.getAttribute('aria-roledescription') ?? '');
  const grabbed = (element: Element) => ['grab', 'grabbing', 'move'].includes(getComputedStyle(element).cursor);
  for (let index = 0; index < roots.length && found.length < max; index++) {
    const root = roots[index];
    const marked = Array.from(root.querySelectorAll('[draggable], [aria-grabbed], [aria-roledescription]')).filter(says);
    const items = Array.from(root.querySelectorAll('li, tr, [role=listitem], [role=row], [role=option], [role=treeitem]')).filter((element) => !says(element) && grabbed(element));
    found.push(...[...marked, ...items].slice(0, max - found.length));
    root.querySelectorAll('*').forEach((element) => element.shadowRoot && roots.push(element.shadowRoot));
  }
  return found;
}

// Runs in our isolated world on a frame's document: plain containers that may take a drop and have no
// role or name to get a ref by (a bare <div> the page listens on), at most `max`, the likeliest first:
// those whose markup says so (`aria-dropeffect`, `dropzone`, an inline `ondrop` / `ondragover`), then
// visible generic boxes big enough to drop on. Whether the page listens on them is read afterwards
// (DOMDebugger.getEventListeners), as no world's script can see another's listeners.
export function dropZoneCandidates(this: Document, max: number): Element[] {
  const marked: Element[] = [];
  const boxes: Element[] = [];
  const roots: Array<Document | ShadowRoot> = [this];
  const says = (element: Element) => ['aria-dropeffect', 'dropzone', 'ondrop', 'ondragover'].some((name) => element.hasAttribute(name));
  const bigEnough = (element: Element) => {
    const box = element.getBoundingClientRect();
    return box.width >= 24 && box.height >= 24;
  };
  for (let index = 0; index < roots.length && marked.length < max; index++) {
    roots[index].querySelectorAll('*').forEach((element) => {
      if (says(element)) {
        marked.push(element);
      } else if (['DIV', 'SECTION', 'ASIDE', 'SPAN'].includes(element.tagName) && !element.hasAttribute('role') && !element.hasAttribute('draggable') && bigEnough(element)) {
        boxes.push(element);
      }
      if (element.shadowRoot) {
        roots.push(element.shadowRoot);
      }
    });
  }
  return [...marked, ...boxes].slice(0, max);
}
