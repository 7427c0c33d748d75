import { isChoice } from '../recorder/stepWords';
import type { TimelineEntry, TimelineStep } from './timelineEntry';

/** A value or a name in a line: enough to recognise it, never a paragraph. */
const MAX_QUOTED = 60;
const MAX_LINE = 240;

/** Actions that change nothing, said in words; any other action without a step reads as its name. */
const READS: Readonly<Record<string, string>> = {
  snapshot: 'read the page (snapshot)',
  screenshot: 'took a screenshot',
  waitFor: 'waited for the page',
  evaluate: 'ran a script in the page',
  handToAgent: 'handed the session to the agent',
  takeBack: 'took the session back',
  handBack: 'handed the session back to the developer',
  saveNetworkLog: 'saved the network log (HAR)',
  startPerformanceTrace: 'started a performance trace',
  stopPerformanceTrace: 'saved a performance trace',
};

function quoted(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/** How a person names the element a step's selectors find: `textbox "Email"`, else its text, else its CSS. */
export function elementWords(selectors: readonly (string | readonly string[])[]): string {
  const own = selectors.map((selector) => (Array.isArray(selector) ? selector.at(-1)! : (selector as string)));
  const aria = own.map((selector) => /^aria\/(.*)\[role="([^"]+)"\]$/.exec(selector)).find(Boolean);
  if (aria) {
    return `${aria[2]} ${quoted(aria[1])}`;
  }
  const text = own.find((selector) => selector.startsWith('text/'));
  return text ? quoted(text.slice('text/'.length)) : quoted(own[0] ?? '?');
}

function stepWords(step: TimelineStep): string | undefined {
  switch (step.type) {
    case 'click':
      return `clicked ${elementWords(step.selectors)}`;
    case 'doubleClick':
      return `double-clicked ${elementWords(step.selectors)}`;
    case 'hover':
      return `hovered over ${elementWords(step.selectors)}`;
    case 'change': {
      const field = elementWords(step.selectors);
      const secret = /^\{\{secret:[^}]+\}\}$/.test(step.value);
      return isChoice(step) ? `selected ${quoted(step.value)} in ${field}` : secret ? `typed a secret (${step.value}) into ${field}` : `typed ${quoted(step.value)} into ${field}`;
    }
    case 'navigate':
      return `went to ${quoted(step.url)}`;
    case 'scroll':
      return 'scrolled';
    case 'setViewport':
      return `resized the page to ${step.width}x${step.height}`;
    case 'close':
      return 'closed the page';
    default:
      return undefined; // keys are said together (keyWords)
  }
}

/** A chord's keys as pressed: "Control+a", "Enter". */
function keyWords(steps: readonly TimelineStep[]): string | undefined {
  const down = steps.flatMap((step) => (step.type === 'keyDown' ? [step.key] : []));
  return down.length ? `pressed ${down.join('+')}` : undefined;
}

function actionWords(entry: TimelineEntry): string | undefined {
  if (entry.action === 'replay_flow') {
    return `replayed a flow of ${entry.steps.length} steps`;
  }
  const words = [...entry.steps.map(stepWords).filter((said): said is string => said !== undefined), keyWords(entry.steps)].filter(Boolean);
  if (words.length) {
    return words.join(', then ');
  }
  if (entry.steps.some((step) => step.type === 'keyUp')) {
    return undefined; // a key's release alone: its press said it
  }
  return READS[entry.action] ?? entry.action;
}

/** Where: the address's path, which says the page without the noise of the whole address. */
function placeWords(url: string | undefined): string {
  if (!url) {
    return '';
  }
  try {
    const parsed = new URL(url);
    return ` on ${/^https?:$/.test(parsed.protocol) ? parsed.pathname + parsed.search : url}`.slice(0, 80);
  } catch {
    return ` on ${url.slice(0, 80)}`;
  }
}

/** One line: `#12 developer typed "ada@example.com" into textbox "Email" on /signup`; undefined for a key's release alone. */
export function entryLine(entry: TimelineEntry): string | undefined {
  const words = actionWords(entry);
  if (words === undefined) {
    return undefined;
  }
  const who = entry.actor === 'agent' && entry.client ? `agent (${entry.client})` : entry.actor;
  const failed = entry.result === 'ok' ? '' : ` (failed: ${entry.result})`;
  const saved = entry.file ? ` to ${entry.file}` : '';
  const line = `#${entry.seq} ${who} ${words}${saved}${placeWords(entry.url)}${failed}`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

/** Lines for entries, newest kept when they do not all fit in `maxChars`; `left` says how many older ones were left out. */
export function historyLines(entries: readonly TimelineEntry[], maxChars: number): { lines: string[]; left: number } {
  const lines = entries.map(entryLine).filter((line): line is string => line !== undefined);
  const kept: string[] = [];
  let used = 0;
  for (const line of [...lines].reverse()) {
    if (kept.length && used + line.length + 1 > maxChars) {
      break;
    }
    kept.unshift(line);
    used += line.length + 1;
  }
  return { lines: kept, left: lines.length - kept.length };
}
