import type { Target } from 'puppeteer-core';
import { DisposableStore, IDisposable, toDisposable } from '../disposable';
import { Emitter } from '../events';
import { BrowserEventName, onCdpEvent, onEvent } from '../puppeteerEvents';
import type { PageTarget } from '../target/pageTarget';
import { targetIdOf } from '../target/targetId';
import { abortable } from '../action/abort';
import { pageTargetsOf } from './pageIds';

/** The most the settle after an action may take: a page whose script is stopped or busy never answers. */
const POPUP_SETTLE_MS = 100;
/** One turn of the page's event loop: a timer or a promise the action started opens its window within it. */
const ONE_TURN = 'new Promise((resolve) => setTimeout(resolve))';
/** How long a window the page asked for may take to become a page the tools can drive. */
const POPUP_ARRIVAL_MS = 3_000;

/**
 * The pages one action opens (window.open, a target=_blank link, a form with a target), so its result
 * can name them. Chromium tells the opener's session that a window is wanted (`Page.windowOpen`) before
 * it acknowledges the input that caused it; the page becomes a target we can drive a little later.
 * `settle` gives the page one more turn of its event loop (at most 100 ms: a fixed wait would cost
 * every click), then waits for every window asked for to arrive (bounded: one refused by the browser
 * never comes).
 */
export class PopupWatch implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly arrived = this.store.add(new Emitter<void>());
  private readonly opened: Target[] = [];
  private requested = 0;

  constructor(private readonly page: PageTarget) {
    this.store.add(onCdpEvent(page, 'Page.windowOpen', () => this.requested++));
    this.store.add(
      onEvent(page.target.browser(), BrowserEventName.targetCreated, (target) => {
        const opener = target.opener();
        if (target.type() === 'page' && opener && targetIdOf(opener) === page.targetId) {
          this.opened.push(target);
          this.arrived.fire();
        }
      }),
    );
  }

  /** The pages opened during the action and the settle after it, that are still open. */
  async settle(signal: AbortSignal): Promise<Target[]> {
    await abortable(within(this.page.send('Runtime.evaluate', { expression: ONE_TURN, awaitPromise: true }), POPUP_SETTLE_MS), signal);
    if (this.opened.length < this.requested) {
      const waiting = new DisposableStore();
      try {
        await abortable(
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, POPUP_ARRIVAL_MS);
            waiting.add(toDisposable(() => clearTimeout(timer)));
            waiting.add(this.arrived.event(() => this.opened.length >= this.requested && resolve()));
          }),
          signal,
        );
      } finally {
        waiting.dispose();
      }
    }
    const open = this.opened.length ? pageTargetsOf(this.opened[0].browser()) : [];
    return this.opened.filter((target) => open.includes(target));
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** Settles when `work` does (either way) or after `ms`, whichever is first. */
function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work.then(noop, noop), late]).finally(() => clearTimeout(timer));
}

function noop(): void {}
