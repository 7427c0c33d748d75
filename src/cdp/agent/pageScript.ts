// Navigation, waits and evaluation on an AgentPage: the parts that run the page's own script or
// follow its document, each abortable.
import { noteSteps } from '../timeline/actionNotes';
import { isolatedWorld } from '../target/isolatedWorld';
import { ignoreClosed } from '../target/targetClosedError';
import { checkStartUrl, originOf } from '../urls';
import { onCdpEvent } from '../puppeteerEvents';
import { abortable, sleep } from '../action/abort';
import { AgentError } from '../action/agentError';
import { presentInAnyFrame } from './frameSearch';
import type { AgentPage } from './agentPage';
import { checkOrigin, OriginRules } from './originPolicy';
import type { BlockedNavigation } from './originGuard';
import type { Event } from '../events';
import { pageIdOf } from './pageIds';

const POLL_MS = 100;
export const MAX_WAIT_MS = 60_000;
const MAX_RESULT_CHARS = 20_000;

/**
 * Opens `address`, waits for its load, and checks the origin again where redirects ended. A redirect
 * to a denied origin is stopped in the browser by the page's OriginGuard, which reports it on
 * `onBlocked` before it fails the request: the answer comes at once, naming where it was going.
 */
export async function navigate(page: AgentPage, address: string, rules: OriginRules, signal: AbortSignal, onBlocked: Event<BlockedNavigation>): Promise<string> {
  const url = checkStartUrl(address);
  checkOrigin(url, rules);
  let stopped: BlockedNavigation | undefined;
  const listener = onBlocked((blocked) => (stopped ??= blocked.targetId === page.cdp.targetId ? blocked : undefined));
  try {
    return await loadAndCheck(page, rules, signal, async () => {
      const { errorText } = await abortable(page.cdp.send('Page.navigate', { url }), signal);
      if (stopped) {
        throw new AgentError('ORIGIN_BLOCKED', `${url} redirected to ${originOf(stopped.url)}, which the developer's origin rules do not allow: ${stopped.reason} The page stayed where it was.`);
      }
      if (errorText === 'net::ERR_ABORTED') {
        return false; // a download or an empty answer: no document loads, so no load event is coming
      }
      if (errorText) {
        throw new AgentError('PAGE_ERROR', `Could not open ${url}: ${errorText}. Check the address, or whether the site is reachable.`);
      }
      noteSteps({ type: 'navigate', url });
      return true;
    });
  } finally {
    listener.dispose();
  }
}

/** Goes back or forward in the page's history (to an allowed origin only), or reloads it; waits for the load. */
export async function navigateHistory(page: AgentPage, direction: 'back' | 'forward' | 'reload', rules: OriginRules, signal: AbortSignal): Promise<string> {
  if (direction === 'reload') {
    return loadAndCheck(page, rules, signal, async () => {
      const health = page.cdp.health;
      const unanswered = health.unanswered;
      await abortable(page.cdp.send('Page.reload'), signal);
      if (!unanswered) {
        return;
      }
      // Its load events come before our Page.enable is answered, so they are not ours: its answer is what says it is back.
      await abortable(new Promise<void>((resolve) => { const listener = health.onDidChange(() => !health.unanswered && (listener.dispose(), resolve())); }), signal);
      return false;
    });
  }
  const { currentIndex, entries } = await abortable(page.cdp.send('Page.getNavigationHistory'), signal);
  const entry = entries[currentIndex + (direction === 'back' ? -1 : 1)];
  if (!entry) {
    throw new AgentError('NOT_FOUND', `Page ${pageIdOf(page.cdp.target)} has no page to go ${direction} to.`);
  }
  checkOrigin(entry.url, rules);
  return loadAndCheck(page, rules, signal, async () => void (await abortable(page.cdp.send('Page.navigateToHistoryEntry', { entryId: entry.id }), signal)));
}

/**
 * Starts a load with `start`, waits for it unless `start` says none is coming (a page kept from the
 * back/forward cache fires none either: that wait ends quietly), and checks where it ended.
 */
async function loadAndCheck(page: AgentPage, rules: OriginRules, signal: AbortSignal, start: () => Promise<boolean | void>): Promise<string> {
  const loaded = waitForEvent(page, 'Page.loadEventFired', 30_000, signal);
  let loading: boolean | void;
  try {
    loading = await start();
  } catch (error) {
    loaded.catch(() => undefined); // the load we waited for will not come: the error below says why
    throw error;
  }
  if (loading === false) {
    loaded.catch(() => undefined);
  }
  await (loading === false ? Promise.resolve() : loaded).catch((error: unknown) => {
    if (error instanceof AgentError && error.code !== 'TIMEOUT') {
      throw error;
    }
  });
  const url = await landedUrl(page, signal);
  try {
    checkOrigin(url, rules);
  } catch (error) {
    await page.cdp.send('Page.navigate', { url: 'about:blank' }).catch(ignoreClosed); // left, not shown (a page still showing it throws this failure instead)
    throw error;
  }
  return url;
}

/**
 * Where the page is now: the target's address, or its main frame's while the browser has not told the
 * target's yet (seen right after a page that had not answered came back from its reload: an empty URL).
 */
async function landedUrl(page: AgentPage, signal: AbortSignal): Promise<string> {
  const { targetInfo } = await abortable(page.cdp.send('Target.getTargetInfo'), signal);
  if (targetInfo.url) {
    return targetInfo.url;
  }
  const { frameTree } = await abortable(page.cdp.send('Page.getFrameTree'), signal);
  return frameTree.frame.url;
}

export interface WaitCondition {
  /** Text that appears on the page (or disappears, with `gone`). */
  readonly text?: string;
  /** A CSS selector that matches (or stops matching, with `gone`). */
  readonly selector?: string;
  readonly gone?: boolean;
  /** The next page load. */
  readonly navigation?: boolean;
  readonly timeoutMs?: number;
}

export async function waitFor(page: AgentPage, condition: WaitCondition, signal: AbortSignal): Promise<string> {
  const timeoutMs = Math.min(condition.timeoutMs ?? 10_000, MAX_WAIT_MS);
  if (condition.navigation) {
    await waitForEvent(page, 'Page.loadEventFired', timeoutMs, signal);
    return 'the page loaded';
  }
  if (condition.text === undefined && condition.selector === undefined) {
    throw new AgentError('INVALID_INPUT', 'Say what to wait for: text, selector, or navigation.');
  }
  const what = condition.text !== undefined ? `text "${condition.text}"` : `selector "${condition.selector}"`;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    // In our isolated world of every frame: a page that fakes innerText or querySelector cannot fake
    // what is there. A document between loads has nothing yet: asked again.
    const present = await presentInAnyFrame(page.frames, condition, signal);
    if (present !== undefined && present !== !!condition.gone) {
      return `${what} ${condition.gone ? 'is gone' : 'is there'}`;
    }
    if (performance.now() > deadline) {
      throw new AgentError('TIMEOUT', `${what} did not ${condition.gone ? 'go away' : 'appear'} within ${timeoutMs} ms. Take a snapshot_page to see what the page shows.`);
    }
    await sleep(POLL_MS, signal);
  }
}

/**
 * Calls a function in the page with JSON arguments (never code spliced from strings); its result as
 * JSON. `world`: the page's own (evaluate_function: the agent asked to run code among the page's
 * scripts) or our isolated one (our own reads, which the page's script cannot fake).
 */
export async function evaluateFunction<T = unknown>(page: AgentPage, functionDeclaration: string, args: readonly unknown[], signal: AbortSignal, world: 'page' | 'isolated' = 'page'): Promise<T> {
  const where =
    world === 'isolated'
      ? { executionContextId: await abortable(isolatedWorld(page.cdp, page.targetId), signal) }
      : { objectId: (await abortable(page.cdp.send('Runtime.evaluate', { expression: 'globalThis' }), signal)).result.objectId };
  const { result, exceptionDetails } = await abortable(
    page.cdp.send('Runtime.callFunctionOn', { ...where, functionDeclaration, arguments: args.map((value) => ({ value })), returnByValue: true, awaitPromise: true }),
    signal,
  );
  if (exceptionDetails) {
    const thrown = exceptionDetails.exception?.description ?? exceptionDetails.text;
    throw new AgentError('PAGE_ERROR', 'The function threw; what it threw is below.', { origin: originOf(page.cdp.url), content: thrown });
  }
  return result.value as T;
}

/** The JSON of a value, cut to a size a model can take. */
export function resultText(value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > MAX_RESULT_CHARS ? `${json.slice(0, MAX_RESULT_CHARS)}… (cut at ${MAX_RESULT_CHARS} characters)` : json;
}

function waitForEvent(page: AgentPage, event: 'Page.loadEventFired', timeoutMs: number, signal: AbortSignal): Promise<void> {
  let listener: { dispose(): void } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const happened = new Promise<void>((resolve, reject) => {
    listener = onCdpEvent(page.cdp, event, () => resolve());
    timer = setTimeout(() => reject(new AgentError('TIMEOUT', `The page did not finish loading within ${timeoutMs} ms.`)), timeoutMs);
  });
  return abortable(happened, signal).finally(() => {
    listener?.dispose();
    clearTimeout(timer);
  });
}
