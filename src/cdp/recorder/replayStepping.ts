import { PuppeteerRunnerExtension, Step } from '@puppeteer/replay';
import type { Browser, ElementHandle, Frame, Page } from 'puppeteer-core';
import type { Logger } from 'pino';
import { sleep, throwIfAborted } from '../action/abort';
import { AgentStep, FeedbackMode, HIGHLIGHT_MS, PAUSE_AFTER_MS } from '../action/actionSteps';
import { targetIdOf } from '../target/targetId';
import { secretsIn, withSecrets } from './flowPlaceholders';
import { pageReportingFoundElements } from './stepLocators';

export interface SteppingOptions {
  readonly mode: FeedbackMode;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly log?: Logger;
  readonly onStep?: (step: AgentStep) => void;
  /** A secret's value for the origin of the page it is about to be typed into. */
  readonly secret?: (name: string, origin: string) => Promise<string>;
}

export interface Stepping {
  readonly extension: PuppeteerRunnerExtension;
  /** 0-based index of the step under way (-1 before the first). */
  step(): number;
  startedAt(): number;
  /** `text` with every secret typed so far put back as its placeholder: for errors and logs. */
  scrub(text: string): string;
}

/** What a secret looks like on the canvas: its length is the secret's too. */
const SECRET_SHOWN = '••••••••';
type KeyStep = Extract<Step, { type: 'keyDown' | 'keyUp' }>;

/**
 * Our runner extension for @puppeteer/replay: a log line per step with the selector that found its
 * element, the element shown on the canvas before the action and the steps paced per feedback mode,
 * secrets filled in as their step runs (for the origin the page is on then), and a popup's keys
 * pressed in the popup (the runner presses every key in the first page).
 */
export function replayStepping(browser: Browser, page: Page, options: SteppingOptions): Stepping {
  const { mode, signal, log, onStep } = options;
  let index = -1;
  let started = 0;
  let selectorUsed: string | undefined;
  let typingSecret = false;
  const typedSecrets = new Map<string, string>(); // value -> its placeholder

  const show = async (step: Step, element: ElementHandle) => {
    if (mode === 'execution' || !onStep) {
      return;
    }
    if (!(await element.isIntersectingViewport({ threshold: 1 }))) {
      await element.scrollIntoView(); // as the action would, so the box drawn is where it happens
    }
    const box = (await element.boundingBox()) ?? undefined;
    const targetId = targetIdOf(element.frame.page().target());
    onStep({ targetId, kind: 'target', box });
    await sleep(HIGHLIGHT_MS[mode], signal);
    if (box && (step.type === 'click' || step.type === 'doubleClick')) {
      onStep({ targetId, kind: 'click', point: { x: box.x + step.offsetX, y: box.y + step.offsetY } });
    } else if (step.type === 'change') {
      onStep({ targetId, kind: 'type', box, text: typingSecret ? SECRET_SHOWN : step.value });
    }
  };
  let current: Step | undefined;
  const reporting = pageReportingFoundElements(page, async (selectorIndex, element) => {
    const selector = current && 'selectors' in current ? current.selectors?.[selectorIndex] : undefined;
    selectorUsed = Array.isArray(selector) ? selector.join(' >>> ') : selector;
    await show(current!, element).catch(() => undefined); // a highlight that fails must not fail the step
    throwIfAborted(signal); // but no action once the developer stopped the replay
  });

  /** The page a step acts in: the first page, or the popup whose URL the step names. */
  const pageOf = async (step: Step, timeout: number): Promise<Page> => {
    if (!step.target || step.target === 'main') {
      return page;
    }
    const popup = await (await browser.waitForTarget((target) => target.url() === step.target, { timeout })).page();
    if (!popup) {
      throw new Error(`No page at ${step.target}.`);
    }
    return popup;
  };

  const fillSecrets = async (step: Extract<Step, { type: 'change' }>, timeout: number): Promise<string> => {
    const origin = new URL(frameAt(await pageOf(step, timeout), step.frame).url()).origin;
    const values = new Map<string, string>();
    for (const name of secretsIn(step.value)) {
      if (!options.secret) {
        throw new Error(`The flow needs the secret ${name}, and no secret store was given.`);
      }
      const value = await options.secret(name, origin);
      values.set(name, value);
      if (value) {
        typedSecrets.set(value, `{{secret:${name}}}`);
      }
    }
    typingSecret = true;
    return withSecrets(step.value, (name) => values.get(name)!);
  };

  const pressIn = async (keyPage: Page, step: KeyStep, timeout: number) => {
    const press = step.type === 'keyDown' ? keyPage.keyboard.down(step.key as never) : keyPage.keyboard.up(step.key as never);
    await Promise.all([step.assertedEvents?.length ? keyPage.waitForNavigation({ timeout }) : undefined, press]);
  };

  class Extension extends PuppeteerRunnerExtension {
    override async beforeEachStep(step: Step): Promise<void> {
      index++;
      current = step;
      started = performance.now();
      selectorUsed = undefined;
      typingSecret = false;
    }

    override async runStep(step: Step, flow?: Parameters<PuppeteerRunnerExtension['runStep']>[1]): Promise<void> {
      const timeout = step.timeout ?? flow?.timeout ?? options.timeoutMs;
      if (step.type === 'change' && secretsIn(step.value).length) {
        return super.runStep({ ...step, value: await fillSecrets(step, timeout) }, flow);
      }
      if (step.type === 'keyDown' || step.type === 'keyUp') {
        const keyPage = await pageOf(step, timeout);
        if (step.type === 'keyDown' && mode !== 'execution') {
          onStep?.({ targetId: targetIdOf(keyPage.target()), kind: 'key', text: step.key });
        }
        if (keyPage !== page) {
          return pressIn(keyPage, step, timeout);
        }
      }
      return super.runStep(step, flow);
    }

    override async afterEachStep(step: Step): Promise<void> {
      log?.info({ event: 'replayStep', step: index + 1, type: step.type, selectorUsed, durationMs: Math.round(performance.now() - started), result: 'ok' }, 'replay step');
      if (PAUSE_AFTER_MS[mode]) {
        await sleep(PAUSE_AFTER_MS[mode], signal); // a timer, even of 0 ms, costs a millisecond a step
      }
    }
  }

  return {
    extension: new Extension(browser as never, reporting as never, { timeout: options.timeoutMs }),
    step: () => index,
    startedAt: () => started,
    scrub: (text) => [...typedSecrets].reduce((scrubbed, [value, placeholder]) => scrubbed.split(value).join(placeholder), text),
  };
}

/** The frame a step's `frame` index path leads to, as the runner walks it. */
function frameAt(page: Page, path: readonly number[] = []): Frame {
  let frame = page.mainFrame();
  for (const childIndex of path) {
    const child = frame.childFrames()[childIndex];
    if (!child) {
      throw new Error(`The page has no frame at ${path.join('.')}.`);
    }
    frame = child;
  }
  return frame;
}
