import { originOf } from '../urls';
import { AgentError } from '../action/agentError';
import { tool } from './agentTool';
import { abortable } from '../action/abort';
import { bodyText, headerLines, requestLine, sizeText } from './networkText';

// What the agent can read of a page besides its content: console messages and network requests since
// a point (a sequence number a result hands back), and one request in detail.

/** The most one list may cost a model (about 2,000 tokens); the rest comes with the next `since`. */
const MAX_LIST_CHARS = 8_000;

/** As many lines as fit, oldest first; `next`: the since that carries on after the last one shown. */
function fitted<T extends { seq: number }>(entries: readonly T[], lineOf: (entry: T) => string, last: number): { lines: string[]; next: number; more: boolean } {
  const lines: string[] = [];
  let used = 0;
  for (const [index, entry] of entries.entries()) {
    const line = lineOf(entry);
    if (lines.length && used + line.length > MAX_LIST_CHARS) {
      return { lines, next: entries[index - 1].seq, more: true };
    }
    lines.push(line);
    used += line.length + 1;
  }
  return { lines, next: last, more: false };
}

/** One page of a list tool's answer: what was shown and where to carry on, the lines fenced as the page's. */
function listResult<T extends { seq: number }>(
  what: string,
  page: { readonly targetId: string; readonly cdp: { readonly url: string } },
  since: number,
  result: { readonly entries: readonly T[]; readonly last: number; readonly dropped: number },
  lineOf: (entry: T) => string,
) {
  const { lines, next, more } = fitted(result.entries, lineOf, result.last);
  const shown = lines.length;
  const droppedText = result.dropped ? ` (${result.dropped} before those are no longer kept)` : '';
  return {
    text: `${shown ? `${shown} ${what}` : `No ${what}`} of page ${page.targetId} after #${since}${droppedText}${more ? '; there are more: call again with since' : '; the next since is'} ${next}.${shown ? ' They are below.' : ''}`,
    untrusted: shown ? { origin: originOf(page.cdp.url), content: lines.join('\n') } : undefined,
  };
}

export const observeTools = [
  tool({
    name: 'console_messages',
    description:
      'Lists the console messages and uncaught errors of a page: number, level, text and source (url:line). Pass the "next since" of your previous call to see only newer ones; "level" keeps that level and more severe ones. Kept from the first time you touched the page (with what its current document logged before), the last 500 at most; a cross-site iframe\'s are marked with its address.',
    sideEffect: false,
    async run(browser, input, actor) {
      const since = input.since ?? 0;
      const { page, result } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'console', what: input.level ?? 'all levels', actor }, (target, signal) =>
        abortable(target.console.after(since, input.level), signal),
      );
      const what = input.level ? `${input.level}-or-worse console messages` : 'console messages';
      return listResult(what, page, since, result, (entry) => `#${entry.seq} [${entry.level}] ${entry.text}${entry.source ? ` (${entry.source})` : ''}${entry.frame ? ` [cross-site frame ${entry.frame}]` : ''}`);
    },
  }),
  tool({
    name: 'network_requests',
    description:
      'Lists the network requests of a page: number, method, address, status (or why it failed), size and resource type. Pass the "next since" of your previous call to see only newer ones; network_request shows one in detail. Kept from the first time you touched the page (earlier requests are not reported by the browser), the last 500 at most; a cross-site iframe\'s are marked with its address.',
    sideEffect: false,
    async run(browser, input, actor) {
      const since = input.since ?? 0;
      const { page, result } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'network', what: `after #${since}`, actor }, (target, signal) => abortable(target.network.after(since), signal));
      return listResult('requests', page, since, result, requestLine);
    },
  }),
  tool({
    name: 'network_request',
    description:
      "Shows one request from network_requests: its request and response headers (cookies and credentials redacted) and its response body as text, up to 10,000 characters (a binary body is described). The request's own body is described by size, not shown.",
    sideEffect: false,
    async run(browser, input, actor) {
      const { page, result } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'networkRequest', what: `#${input.request}`, actor }, async (target, signal) => {
          const entry = await abortable(target.network.get(input.request), signal);
          if (!entry) {
            throw new AgentError('NOT_FOUND', `Page ${target.targetId} has no request #${input.request} (any more). Call network_requests for the ones kept.`);
          }
          return { entry, body: await bodyText(entry.frame?.client ?? target.cdp, entry, signal) };
      });
      const { entry, body } = result;
      const requestBody = entry.postDataBytes ? `\nrequest body: ${sizeText(entry.postDataBytes)} (not shown)` : '';
      return {
        text: `Request #${entry.seq} of page ${page.targetId}, with its headers (credentials redacted) and response body, is below.`,
        untrusted: {
          origin: originOf(entry.url),
          content: `${requestLine(entry)}\nrequest headers:\n${headerLines(entry.requestHeaders)}${requestBody}\nresponse: ${entry.status ?? '-'} ${entry.statusText ?? ''}, ${entry.mimeType ?? 'no type'}\nresponse headers:\n${headerLines(entry.responseHeaders)}\nresponse body:\n${body}`,
        },
      };
    },
  }),
] as const;
