import type { Browser, Target } from 'puppeteer-core';
import { targetIdOf } from '../target/targetId';

/** 65,536 values: two pages of one session rarely need a fifth character. */
const MIN_PAGE_ID_CHARS = 4;

/**
 * A page's id as the agent reads and writes it: the shortest prefix of its 32-character target id, at
 * least 4 characters, that no other page of its browser starts with. It is derived from the browser
 * alone, so every process (the editor, a window reloaded, a standalone MCP server) names a page the
 * same way with nothing stored; it grows only in the rare case that a new page shares its prefix.
 */
export function shortPageId(targetId: string, siblings: readonly string[]): string {
  let length = MIN_PAGE_ID_CHARS;
  for (const other of siblings) {
    if (other !== targetId) {
      length = Math.max(length, sharedPrefixLength(targetId, other) + 1);
    }
  }
  return targetId.slice(0, length);
}

/** The page targets of a browser, in the order the canvas and the tools list them. */
export function pageTargetsOf(browser: Browser): Target[] {
  return browser.targets().filter((target) => target.type() === 'page');
}

/** The short id of a page (see `shortPageId`), among the pages its browser has now. */
export function pageIdOf(target: Target): string {
  return shortPageId(targetIdOf(target), pageTargetsOf(target.browser()).map(targetIdOf));
}

/**
 * The page `pageId` names: its short id, any longer prefix of its target id, or the whole target id,
 * in any case. Ambiguous when a prefix fits several pages (the caller says which ids to use).
 */
export function matchPage(targets: readonly Target[], pageId: string): { readonly page?: Target; readonly candidates: readonly Target[] } {
  const wanted = pageId.toUpperCase();
  if (wanted.length < MIN_PAGE_ID_CHARS) {
    return { candidates: [] }; // "p1" or "1" is no page of ours, however many ids start with it
  }
  const candidates = targets.filter((target) => targetIdOf(target).toUpperCase().startsWith(wanted));
  const exact = candidates.find((target) => targetIdOf(target).toUpperCase() === wanted);
  return { page: exact ?? (candidates.length === 1 ? candidates[0] : undefined), candidates };
}

function sharedPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) {
    length++;
  }
  return length;
}
