// Runs in the page with the recorder script (sent as source text, so self-contained). The host checks
// an element's aria/ selector through the Accessibility domain, which takes a few round trips; a click
// or an Enter that loads another page can take the document away first (on a fast server, always).
// So as the document goes (beforeunload: the last moment whose binding calls still reach the host), the page names the elements acted on just before, by Chromium's
// own getAccessibleName / getAccessibleRole (DevTools' command-line API, kept when the script was
// installed), and the host uses that for any of those steps it could not finish.

import type { RecordedEvent } from './recorderScript';

/** Chromium's accessible name and role of an element, as the command-line API gives them. */
export interface AccessibleOf {
  readonly name: (element: Element) => string;
  readonly role: (element: Element) => string;
}

/** Starts watching; the function it returns is told of each element an action was reported on. */
export function watchLeavingAria(send: (event: RecordedEvent) => void, accessible: AccessibleOf | undefined): (id: number, element: Element) => void {
  /** An action this long before the document goes may have made it go (as the host counts a load's cause). */
  const RECENT_MS = 1500;
  /** Each name or role asked walks the whole document: past this size the page would stall as it leaves. */
  const MAX_ELEMENTS = 5000;
  const UNNAMED_ROLES = ['', 'generic', 'none', 'presentation', 'StaticText', 'InlineTextBox', 'RootWebArea'];
  const NAMING_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'value'];
  let recent: Array<{ id: number; element: Element; at: number }> = [];

  /** `aria/Name[role="…"]` when no other element has that role and name. */
  const ariaSelector = ({ name: nameOf, role: roleOf }: AccessibleOf, element: Element): string | undefined => {
    const role = roleOf(element);
    const name = nameOf(element).trim();
    if (!name || UNNAMED_ROLES.includes(role)) {
      return undefined;
    }
    // Only an element whose text or naming attribute says the name (or what such a label names) can
    // have it; Chromium is asked about those alone.
    const said = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim() === name;
    const named = new Set<Element>([element]);
    const add = (candidate: Element) => {
      named.add(candidate);
      if (candidate instanceof HTMLLabelElement && candidate.control) {
        named.add(candidate.control);
      }
      if (candidate.id) {
        document.querySelectorAll(`[aria-labelledby~="${CSS.escape(candidate.id)}"]`).forEach((labelled) => named.add(labelled));
      }
    };
    document.querySelectorAll(NAMING_ATTRIBUTES.map((attribute) => `[${attribute}=${JSON.stringify(name)}]`).join(',')).forEach(add);
    const texts = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const part = node.nodeValue!.trim();
      // Up from a text that is part of the name, through the elements whose text is short enough to be it.
      for (let parent = part && name.includes(part) ? node.parentElement : null; parent && (parent.textContent ?? '').length <= name.length * 2 + 20; parent = parent.parentElement) {
        if (said(parent.textContent)) {
          add(parent);
        }
      }
    }
    const same = [...named].filter((candidate) => roleOf(candidate) === role && nameOf(candidate).trim() === name);
    return same.length === 1 ? `aria/${name}[role="${role}"]` : undefined;
  };

  addEventListener(
    'beforeunload',
    () => {
      const now = performance.now();
      const leaving = recent.filter(({ at, element }) => now - at < RECENT_MS && element.isConnected);
      recent = [];
      if (!accessible || !leaving.length || document.getElementsByTagName('*').length > MAX_ELEMENTS) {
        return;
      }
      for (const { id, element } of leaving) {
        const aria = ariaSelector(accessible, element);
        if (aria) {
          send({ kind: 'aria', id, aria });
        }
      }
    },
    true,
  );
  return (id, element) => {
    const now = performance.now();
    recent = [...recent.filter(({ at }) => now - at < RECENT_MS).slice(-4), { id, element, at: now }];
  };
}
