// Runs inside the page (Runtime.callFunctionOn on the element): everything about an element's selectors
// that the DOM alone can answer, checked for uniqueness where it applies. Self-contained: it is sent
// as source text, so it may not call anything outside itself.

export interface DomCandidates {
  /** From the document down: one list of unique CSS candidates per shadow root the element is in. */
  readonly levels: string[][];
  /** The element's own short text, when exactly one deepest element on the page says it. */
  readonly uniqueText?: string;
}

export function domCandidates(this: Element): DomCandidates {
  const TEST_IDS = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy'];
  const MAX_TEXT = 64;
  const MAX_DEPTH = 5;
  // Ids made at run time, which a flow cannot find on the next load. Each part of the id (between
  // separators) is judged alone, so "size-" before a random part does not save it.
  const generatedPart = (part: string): boolean => {
    if (/\d{3,}/.test(part)) {
      return true; // counters, timestamps, "ember1234"
    }
    if (part.length >= 6 && /^[0-9a-f]+$/i.test(part) && /\d/.test(part) && /[a-f]/i.test(part)) {
      return true; // hex: hashes, uuids
    }
    if (part.length >= 5 && /[a-z]\d+[a-z]|\d[a-z]+\d|^\d+[a-z]{2}/i.test(part)) {
      return true; // digits amid letters, as base 36 has them ("k3j9x2"), unlike "step2", "h1" or "2fa"
    }
    const caseFlips = (part.match(/[a-z](?=[A-Z])|[A-Z](?=[a-z])/g) ?? []).length;
    if (caseFlips >= 3 && caseFlips * 2 >= part.length) {
      return true; // base64 hashes ("xKqzA"); camelCase flips twice a word, at its capital
    }
    // Letters alone: words people write have vowels, short consonant clusters and "qu".
    const words = part.split(/\d+|(?<=[a-z])(?=[A-Z])/).map((word) => word.toLowerCase());
    return words.some((word) => {
      const vowels = (word.match(/[aeiouy]/g) ?? []).length;
      const clusters = word.match(/[^aeiouy]{5,}/);
      return word.length >= 6 && (vowels < word.length * 0.15 || clusters !== null || /q(?!u)/.test(word));
    });
  };
  const isGenerated = (id: string) => /^\d+$|^ember\d+$|[:«»]/.test(id) || id.split(/[^a-z0-9]+/i).some(generatedPart);
  const unique = (root: Document | ShadowRoot, selector: string) => {
    try {
      return root.querySelectorAll(selector).length === 1;
    } catch {
      return false;
    }
  };
  const attribute = (name: string, value: string) => `[${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`;

  /** The shortest tag path (with :nth-of-type where siblings share a tag) that is unique in `root`. */
  const cssPath = (element: Element, root: Document | ShadowRoot): string | undefined => {
    const parts: string[] = [];
    for (let node: Element | null = element; node && parts.length < MAX_DEPTH; node = node.parentElement) {
      const tag = node.localName;
      const siblings = node.parentElement ? [...node.parentElement.children].filter((child) => child.localName === tag) : [];
      parts.unshift(siblings.length > 1 ? `${tag}:nth-of-type(${siblings.indexOf(node) + 1})` : tag);
      const path = parts.join(' > ');
      if (unique(root, path)) {
        return path;
      }
      if (node.parentElement === null && root instanceof ShadowRoot) {
        break;
      }
    }
    return undefined;
  };

  /** Unique CSS candidates for `element` within its own root, best first. */
  const cssCandidates = (element: Element): string[] => {
    const root = element.getRootNode() as Document | ShadowRoot;
    const found: string[] = [];
    for (const name of TEST_IDS) {
      const value = element.getAttribute(name);
      if (value && unique(root, attribute(name, value))) {
        found.push(attribute(name, value));
        break;
      }
    }
    for (const name of ['name', 'placeholder', 'aria-label']) {
      const value = element.getAttribute(name);
      const selector = value && `${element.localName}${attribute(name, value)}`;
      if (selector && unique(root, selector)) {
        found.push(selector);
        break;
      }
    }
    if (element.id && !isGenerated(element.id) && unique(root, `#${CSS.escape(element.id)}`)) {
      found.push(`#${CSS.escape(element.id)}`);
    }
    const path = cssPath(element, root);
    if (path && !found.includes(path)) {
      found.push(path);
    }
    return found;
  };

  // From the element out through each shadow root to the document.
  const chain: Element[] = [this];
  for (let root = this.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
    chain.unshift(root.host);
  }
  const levels = chain.map(cssCandidates);

  // Text a person reads on it, when no other deepest element reads the same.
  const text = (this.textContent ?? '').replace(/\s+/g, ' ').trim();
  let uniqueText: string | undefined;
  if (text && text.length <= MAX_TEXT && this.children.length === 0) {
    const same = [...document.querySelectorAll('body *')].filter((element) => element.children.length === 0 && (element.textContent ?? '').replace(/\s+/g, ' ').trim() === text);
    uniqueText = same.length === 1 ? text : undefined;
  }
  return { levels, uniqueText };
}
