import { DisposableStore, toDisposable } from '../disposable';
import type { PageTarget } from '../target/pageTarget';
import { ignoreClosed } from '../target/targetClosedError';
import { targetIdOf } from '../target/targetId';
import { checkStartUrl, originOf } from '../urls';
import { abortable } from '../action/abort';
import { AgentError, isAgentError } from '../action/agentError';
import { named, tool, ToolOutput } from './agentTool';
import { checkOrigin } from './originPolicy';
import { pageIdOf } from './pageIds';
import { guarded } from './pageGuard';
import { navigate } from './pageScript';
import { loadedText } from './toolResultText';

// A session's pages by their short ids: list them, choose the default one, open and close pages.

/** How long a page may take to close once it agreed to (no beforeunload dialog). */
const CLOSE_MS = 10_000;

/** An action's result, plus the pages it opened (popups, target=_blank), so the model can act there at once. */
export function withOpenedPages(output: ToolOutput, opened: readonly string[]): ToolOutput {
  if (!opened.length) {
    return output;
  }
  const pages =
    opened.length === 1
      ? `a new page, ${opened[0]}: pass page "${opened[0]}" to act there (list_pages shows its title and address)`
      : `${opened.length} new pages, ${opened.join(', ')}: pass one as page to act there (list_pages shows their titles and addresses)`;
  return { ...output, text: `${output.text}\nIt opened ${pages}.` };
}

export const pageTools = [
  tool({
    name: 'list_pages',
    description: "Lists a session's pages (windows, popups): each page's id, which you pass as `page` to the other tools, its title and address, and which page is the default (the one tools use when you omit `page`).",
    sideEffect: false,
    async run(browser, input, actor) {
      return browser.run(
        input.session,
        'listPages',
        'pages',
        async () => {
          const connection = browser.connection(input.session);
          const targets = connection.pageTargets;
          if (!targets.length) {
            return { text: `Session ${named(browser, input.session)} has no page. Open one with new_page.` };
          }
          const infos = new Map(((await connection.pageInfos().catch(ignoreClosed)) ?? []).map((info) => [info.targetId, info]));
          const fallback = browser.target(input.session);
          const ids = targets.map((target) => {
            const opener = target.opener();
            return `${pageIdOf(target)}${target === fallback ? ' (default)' : ''}${opener && targets.includes(opener) ? ` (opened by ${pageIdOf(opener)})` : ''}`;
          });
          // Titles and addresses are the pages' own words.
          const lines = targets.map((target) => {
            const info = infos.get(targetIdOf(target));
            return `page ${pageIdOf(target)}: ${JSON.stringify(info?.title ?? '')} at ${info?.url ?? target.url()}`;
          });
          const origins = new Set(targets.map((target) => originOf(target.url())));
          return {
            text: `Session ${named(browser, input.session)} has ${targets.length === 1 ? '1 page' : `${targets.length} pages`}: ${ids.join(', ')}. Each page's title and address are below.`,
            untrusted: { origin: origins.size === 1 ? [...origins][0] : '', content: lines.join('\n') },
          };
        },
        undefined,
        actor,
      );
    },
  }),
  tool({
    name: 'select_page',
    description: 'Brings a page to the front and makes it the default page of its session: the tools you call without `page` act on it from now on.',
    sideEffect: false,
    async run(browser, input, actor) {
      const { page } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'selectPage', what: input.page, actor }, async (target, signal) => {
        await abortable(target.cdp.send('Page.bringToFront'), signal);
        browser.setDefaultPage(input.session, target.cdp.target);
      });
      return { text: `Page ${pageIdOf(page.cdp.target)} of session ${named(browser, input.session)} is in front, and is its default page now.` };
    },
  }),
  tool({
    name: 'new_page',
    description: "Opens a new page (a window, a new tile on the canvas) in a session you hold, optionally on an address, waits for it to load, and makes it the session's default page. Returns its id. Sites outside the developer's allowed origins are refused.",
    sideEffect: true,
    openWorld: true,
    async run(browser, input, actor) {
      const url = checkStartUrl(input.url ?? 'about:blank');
      const rules = browser.options.origins();
      const opened = await browser.run(
        input.session,
        'newPage',
        url,
        async (signal) => {
          checkOrigin(url, rules); // before the page exists: a refused address opens nothing
          const newWindow = await abortable(browser.connection(input.session).browser.newPage({ type: 'window' }), signal);
          const target = newWindow.target();
          let landed = url;
          if (url !== 'about:blank') {
            const page = await abortable(browser.page(input.session, targetIdOf(target)), signal);
            landed = await guarded(page.cdp, {}, signal, (guardedSignal) => navigate(page, url, rules, guardedSignal, browser.onDidBlockNavigation)).catch(async (error: unknown) => {
              await newWindow.close().catch(ignoreClosed); // a failed call leaves no page behind that the model has no id for
              throw error;
            });
          }
          browser.setDefaultPage(input.session, target);
          return { pageId: pageIdOf(target), landed };
        },
        undefined,
        actor,
      );
      return loadedText(`Opened page ${opened.pageId}; it is the default page now`, opened.landed, url);
    },
  }),
  tool({
    name: 'close_page',
    description: "Closes a page of a session you hold, as a person closing its window would: a page that asks before it closes (\"leave this page?\") is reported, and handle_dialog then decides. A session's last page cannot be closed: navigate it elsewhere, or hand the session back.",
    sideEffect: true,
    async run(browser, input, actor) {
      const { page } = await browser
        .onPage({ sessionId: input.session, pageId: input.page, action: 'closePage', what: input.page, actor }, async (target, signal) => {
          if (browser.connection(input.session).pageTargets.length <= 1) {
            // A session with no page has nothing to show on the canvas and nothing left for the tools to act on.
            throw new AgentError('INVALID_INPUT', `Page ${pageIdOf(target.cdp.target)} is the only page of session ${named(browser, input.session)}, so it stays open. Navigate it elsewhere with navigate_page, or hand_back the session when you are done.`);
          }
          const closed = closedWithin(target.cdp, CLOSE_MS);
          // Page.close runs the page's beforeunload handlers, as closing its window would (Target.closeTarget skips them).
          await abortable(target.cdp.send('Page.close'), signal).catch(ignoreClosed);
          await abortable(closed, signal);
        })
        .catch((error: unknown) => {
          throw isAgentError(error, 'DIALOG_OPEN')
            ? new AgentError('DIALOG_OPEN', `Page ${input.page} asks whether to leave (it may hold unsaved changes), so it is still open. Answer with handle_dialog: accept closes it, dismiss keeps it. What it says is below.`, error.untrusted)
            : error;
        });
      return { text: `Closed page ${pageIdOf(page.cdp.target)} of session ${named(browser, input.session)}.` };
    },
  }),
] as const;

/** Settles when the page's model closes, or fails after `ms`. */
function closedWithin(page: PageTarget, ms: number): Promise<void> {
  const waiting = new DisposableStore();
  return new Promise<void>((resolve, reject) => {
    waiting.add(page.onDidClose(() => resolve()));
    const timer = setTimeout(() => reject(new AgentError('TIMEOUT', `Page ${pageIdOf(page.target)} did not close within ${ms} ms. Take a screenshot to see it, or try again.`)), ms);
    waiting.add(toDisposable(() => clearTimeout(timer)));
  }).finally(() => waiting.dispose());
}
