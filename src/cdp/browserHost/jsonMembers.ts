/** Where one top-level member of a JSON object's text lies. */
export interface JsonMember {
  readonly valueStart: number;
  readonly end: number;
  /** What to cut to remove it: the member and one comma beside it. */
  readonly cut: readonly [number, number];
}

export type JsonMembers = ReadonlyMap<string, JsonMember>;

const QUOTE = 34;
const BACKSLASH = 92;
const OPENERS = new Set([123, 91]); // { [

class NotAJsonObject extends Error {}

/**
 * The members the host reads or changes (`id`, `method`, `sessionId`) of a CDP message's text, found
 * without building the object: the host relays messages of many megabytes (screenshots, accessibility
 * trees, screencast frames), and parsing and writing each whole cost it most of a second. Chromium
 * writes `{"id":N,"result":…,"sessionId":"S"}` and `{"method":"M","params":…,"sessionId":"S"}`, so
 * those are read from the two ends alone; any other shape is scanned member by member.
 */
export function messageMembers(text: string): JsonMembers {
  return membersAtTheEnds(text) ?? topLevelMembers(text);
}

const HEAD = /^\{"(id|method)":(\d+|"[^"\\]*"),"(?:result|error|params)":[{[]/;
const TAIL = /,"sessionId":"([^"\\]*)"\}$/;

function membersAtTheEnds(text: string): JsonMembers | undefined {
  const head = HEAD.exec(text.slice(0, 256));
  const tail = TAIL.exec(text.slice(-256));
  if (!head || !tail) {
    return undefined;
  }
  // The text ends with a top-level string member "sessionId" (a quote or colon inside a string would
  // be escaped, which TAIL refuses), and begins with a top-level id or method.
  const valueStart = head[1].length + 4; // {"id":
  const tailStart = text.length - tail[0].length;
  return new Map([
    [head[1], { valueStart, end: valueStart + head[2].length, cut: [1, valueStart + head[2].length + 1] as const }],
    ['sessionId', { valueStart: tailStart + ',"sessionId":'.length, end: text.length - 1, cut: [tailStart, text.length - 1] as const }],
  ]);
}

/** Every top-level member of a JSON object's text. Throws on text that is not one JSON object. */
function topLevelMembers(text: string): JsonMembers {
  const found: { key: string; start: number; valueStart: number; end: number }[] = [];
  let i = skipSpace(text, 0);
  expect(text.charCodeAt(i) === 123);
  i = skipSpace(text, i + 1);
  for (let more = text[i] !== '}'; more; ) {
    const start = i;
    expect(text.charCodeAt(i) === QUOTE);
    const keyEnd = skipString(text, i);
    i = skipSpace(text, keyEnd);
    expect(text[i] === ':');
    const valueStart = skipSpace(text, i + 1);
    const end = skipValue(text, valueStart);
    found.push({ key: JSON.parse(text.slice(start, keyEnd)) as string, start, valueStart, end });
    i = skipSpace(text, end);
    more = text[i] === ',';
    expect(more || text[i] === '}');
    i = more ? skipSpace(text, i + 1) : i;
  }
  expect(skipSpace(text, i + 1) === text.length);
  return new Map(
    found.map(({ key, start, valueStart, end }, index) => {
      const cut = index > 0 ? ([found[index - 1].end, end] as const) : ([start, found[1]?.start ?? end] as const);
      return [key, { valueStart, end, cut }];
    }),
  );
}

/** A member's value, parsed (a small one: an id, a method, a session id). */
export function memberValue(text: string, member: JsonMember | undefined): unknown {
  return member && JSON.parse(text.slice(member.valueStart, member.end));
}

/** The text with members' values replaced (raw JSON) or, for `undefined`, the members removed. */
export function editMembers(text: string, members: JsonMembers, edits: Record<string, string | undefined>): string {
  return Object.entries(edits)
    .filter(([key]) => members.has(key))
    .map(([key, raw]) => {
      const member = members.get(key)!;
      return raw === undefined ? { from: member.cut[0], to: member.cut[1], raw: '' } : { from: member.valueStart, to: member.end, raw };
    })
    .sort((a, b) => b.from - a.from)
    .reduce((result, { from, to, raw }) => result.slice(0, from) + raw + result.slice(to), text);
}

function expect(condition: boolean): asserts condition {
  if (!condition) {
    throw new NotAJsonObject('not a JSON object');
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i])) {
    i++;
  }
  return i;
}

/** From an opening quote to just past its closing one. */
function skipString(text: string, i: number): number {
  for (let close = text.indexOf('"', i + 1); close !== -1; close = text.indexOf('"', close + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return close + 1;
    }
  }
  throw new NotAJsonObject('unterminated string');
}

function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) {
    return skipString(text, i);
  }
  if (OPENERS.has(first)) {
    const structure = /["{}[\]]/g; // jumps from one quote or bracket to the next
    let depth = 0;
    for (structure.lastIndex = i; structure.exec(text); ) {
      const at = structure.lastIndex - 1;
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        structure.lastIndex = skipString(text, at);
      } else if (OPENERS.has(code)) {
        depth++;
      } else if (--depth === 0) {
        return at + 1;
      }
    }
    throw new NotAJsonObject('unclosed object or array');
  }
  let end = i;
  while (end < text.length && !',}] \t\r\n'.includes(text[end])) {
    end++;
  }
  expect(end > i);
  return end;
}
