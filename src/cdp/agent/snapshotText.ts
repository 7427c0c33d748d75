import type { AxItem } from './axTree';

export interface RenderOptions {
  /** The text is cut here (a token is ~4 characters). */
  readonly maxChars: number;
  /** Keep only what mentions this (case-insensitive), with the rows / items around it. */
  readonly find?: string;
  /** The ref of an element the model may act on; the same element keeps its ref across snapshots. */
  readonly refFor: (item: AxItem) => string;
}

export interface RenderedSnapshot {
  readonly text: string;
  /** Elements left out, by folding long lists or by the size limit. */
  readonly omitted: number;
}

/** A list longer than this shows its head and tail, and says how many were folded. */
const FOLD_AT = 24;
const FOLD_HEAD = 10;
const FOLD_TAIL = 3;
const MAX_NAME = 120;
/** A match inside one of these keeps the whole of it (a row's other cells and its buttons). */
const ITEM_ROLES = new Set(['row', 'listitem', 'treeitem', 'option', 'article', 'menuitem', 'tab']);

export function renderSnapshot(items: readonly AxItem[], options: RenderOptions): RenderedSnapshot {
  const shown = options.find ? findIn(items, options.find.toLowerCase()) : items;
  const lines: string[] = [];
  let chars = 0;
  let omitted = 0;
  let cut = false;
  const walk = (list: readonly AxItem[], depth: number) => {
    const folded = list.length > FOLD_AT ? list.length - FOLD_HEAD - FOLD_TAIL : 0;
    const visible = folded ? [...list.slice(0, FOLD_HEAD), undefined, ...list.slice(-FOLD_TAIL)] : list;
    for (const item of visible) {
      // An element holding only text says it on its own line: `- paragraph: "…"`.
      const onlyText = item?.children.length === 1 && item.children[0].role === 'text' ? item.children[0] : undefined;
      const line = item
        ? `${'  '.repeat(depth)}- ${describe(item, options)}${onlyText ? `: ${quote(onlyText.name)}` : item.children.length ? ':' : ''}`
        : `${'  '.repeat(depth)}- … ${folded} more ${plural(list[FOLD_HEAD].role)} (snapshot_page with "find" shows the ones you need)`;
      if (!item) {
        omitted += list.slice(FOLD_HEAD, -FOLD_TAIL).reduce((sum, hidden) => sum + count(hidden), 0);
      }
      if (cut || chars + line.length + 1 > options.maxChars) {
        cut = true;
        omitted += item ? count(item) : 0;
        continue;
      }
      lines.push(line);
      chars += line.length + 1;
      if (item) {
        walk(onlyText ? [] : item.children, depth + 1);
      }
    }
  };
  walk(shown, 0);
  if (cut) {
    lines.push(`- … cut at ${options.maxChars} characters; ${omitted} elements not shown. Use snapshot_page with "find" to look for something specific.`);
  } else if (options.find && shown.length === 0) {
    lines.push(`- nothing on the page mentions "${options.find}"`);
  }
  return { text: lines.join('\n'), omitted };
}

function describe(item: AxItem, options: RenderOptions): string {
  if (item.role === 'text') {
    return `text: ${quote(item.name)}`;
  }
  const name = item.name ? ` ${quote(item.name)}` : '';
  const attributes = item.attributes.map(([key, value]) => (value === 'true' ? ` [${key}]` : ` [${key}=${/^\d+$/.test(value) ? value : quote(value)}]`)).join('');
  return `${item.role}${name}${attributes}${item.actionable ? ` [ref=${options.refFor(item)}]` : ''}`;
}

function quote(value: string): string {
  return JSON.stringify(value.length > MAX_NAME ? `${value.slice(0, MAX_NAME)}…` : value);
}

function plural(role: string): string {
  return role === 'text' ? 'texts' : `${role}s`;
}

function count(item: AxItem): number {
  return 1 + item.children.reduce((sum, child) => sum + count(child), 0);
}

/** The items that mention `needle`, inside their ancestors; a match in a row keeps the whole row. */
function findIn(items: readonly AxItem[], needle: string): AxItem[] {
  const mentions = (item: AxItem) => item.name.toLowerCase().includes(needle) || item.attributes.some(([, value]) => value.toLowerCase().includes(needle));
  return items.flatMap((item): AxItem[] => {
    if (mentions(item)) {
      return [item];
    }
    const children = findIn(item.children, needle);
    if (children.length === 0) {
      return [];
    }
    return [ITEM_ROLES.has(item.role) ? item : { ...item, children }];
  });
}
