import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createRunner, parse, PuppeteerRunnerExtension, Step } from '@puppeteer/replay';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import type { Logger } from 'pino';
import { abortable, cancelledBy, sleep, throwIfAborted } from '../agent/abort';
import { AgentError } from '../agent/agentError';
import { AgentStep, FeedbackMode, HIGHLIGHT_MS, PAUSE_AFTER_MS } from '../agent/agentPage';
import { targetIdOf } from '../browserSession';
import { errorMessage } from '../errors';
import { fillPlaceholders, hasSecret } from './flowPlaceholders';
import type { UserFlow } from './flowSchema';
import { pageReportingFoundElements } from './stepLocators';

export interface ReplayOptions {
  /** Values for {{name}} placeholders. */
  readonly variables?: Readonly<Record<string, string>>;
  /** The value of {{secret:NAME}}, from the editor's secret storage: used, never logged or written. */
  readonly secret?: (name: string) => Promise<string>;
  readonly log?: Logger;
  /** Where the screenshot of a failed step goes. */
  readonly screenshotDir: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** How the steps show on the canvas (through `onStep`); execution when not given. */
  readonly feedback?: FeedbackMode;
  readonly onStep?: (step: AgentStep) => void;
}

/** The step a replay stopped at, with the selectors it tried and a screenshot of the page then. */
export class FlowReplayError extends AgentError {
  constructor(
    message: string,
    readonly step: number,
    readonly screenshot?: string,
  ) {
    super('STEP_FAILED', message);
    this.name = 'FlowReplayError';
  }
}

/**
 * Replays a flow into `page` with @puppeteer/replay's runner (the stepping Chrome DevTools uses), its
 * placeholders filled in first. Our runner extension logs each step with the selector that found its
 * element, shows the element before acting and paces the steps per feedback mode, and stops at the
 * first failing step, leaving the page as it was for the developer to look at.
 */
export async function replayFlow(browser: Browser, page: Page, flow: UserFlow, options: ReplayOptions): Promise<{ readonly steps: number }> {
  const filled = parse(await fillPlaceholders(flow, options.variables ?? {}, options.secret));
  const signal = options.signal ?? new AbortController().signal;
  const mode = options.feedback ?? 'execution';
  const hidden = new Set(flow.steps.flatMap((step, index) => (step.type === 'change' && hasSecret(step.value) ? [index] : [])));
  const log = options.log;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let index = -1;
  let started = 0;
  let selectorUsed: string | undefined;

  const show = async (step: Step, element: ElementHandle) => {
    if (mode === 'execution' || !options.onStep) {
      return;
    }
    if (!(await element.isIntersectingViewport({ threshold: 1 }))) {
      await element.scrollIntoView(); // as the action would, so the box drawn is where it happens
    }
    const box = (await element.boundingBox()) ?? undefined;
    const targetId = targetIdOf(element.frame.page().target());
    options.onStep({ targetId, kind: 'target', box });
    await sleep(HIGHLIGHT_MS[mode], signal);
    if (box && (step.type === 'click' || step.type === 'doubleClick')) {
      options.onStep({ targetId, kind: 'click', point: { x: box.x + step.offsetX, y: box.y + step.offsetY } });
    } else if (step.type === 'change') {
      options.onStep({ targetId, kind: 'type', box, text: hidden.has(index) ? '•'.repeat(step.value.length) : step.value });
    }
  };
  const reporting = pageReportingFoundElements(page, async (selectorIndex, element) => {
    const step = filled.steps[index];
    const selector = 'selectors' in step ? step.selectors?.[selectorIndex] : undefined;
    selectorUsed = Array.isArray(selector) ? selector.join(' >>> ') : selector;
    await show(step, element).catch(() => undefined); // a highlight that fails must not fail the step
    throwIfAborted(signal); // but no action once the developer stopped the replay
  });

  class Stepping extends PuppeteerRunnerExtension {
    override async beforeEachStep(step: Step): Promise<void> {
      index++;
      started = performance.now();
      selectorUsed = undefined;
      if (step.type === 'keyDown' && mode !== 'execution') {
        options.onStep?.({ targetId: targetIdOf(page.target()), kind: 'key', text: step.key });
      }
    }

    /** @puppeteer/replay presses keys in the main page whatever the step's target: a popup's go to the popup. */
    override async runStep(step: Step, flow?: Parameters<PuppeteerRunnerExtension['runStep']>[1]): Promise<void> {
      if ((step.type !== 'keyDown' && step.type !== 'keyUp') || !step.target || step.target === 'main') {
        return super.runStep(step, flow);
      }
      const timeout = step.timeout ?? flow?.timeout ?? timeoutMs;
      const popup = await (await browser.waitForTarget((target) => target.url() === step.target, { timeout })).page();
      if (!popup) {
        throw new Error(`No page at ${step.target} to press ${step.key} in.`);
      }
      const loaded = step.assertedEvents?.length ? popup.waitForNavigation({ timeout }) : undefined;
      await (step.type === 'keyDown' ? popup.keyboard.down(step.key as never) : popup.keyboard.up(step.key as never));
      await loaded;
    }

    override async afterEachStep(step: Step): Promise<void> {
      log?.info({ event: 'replayStep', step: index + 1, type: step.type, selectorUsed, durationMs: Math.round(performance.now() - started), result: 'ok' }, 'replay step');
      if (PAUSE_AFTER_MS[mode]) {
        await sleep(PAUSE_AFTER_MS[mode], signal); // a timer, even of 0 ms, costs a millisecond a step
      }
    }
  }
  const runner = await createRunner(filled, new Stepping(browser as never, reporting as never, { timeout: timeoutMs }));
  const stop = () => runner.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    // Stopping answers at once; the step in flight cannot act any more (see pageReportingFoundElements).
    await abortable(runner.run(), signal);
    return { steps: filled.steps.length };
  } catch (error) {
    const step = filled.steps[Math.max(0, index)];
    if (signal.aborted) {
      log?.info({ event: 'replayStep', step: index + 1, type: step.type, result: 'cancelled' }, 'replay stopped');
      throw cancelledBy(signal);
    }
    const tried = 'selectors' in step && step.selectors ? step.selectors.map((selector) => JSON.stringify(selector)).join(', ') : 'none';
    const screenshot = await saveScreenshot(page, options.screenshotDir, index + 1);
    const message = `Step ${index + 1} (${step.type}) failed: ${errorMessage(error)}. Selectors tried: ${tried}.`;
    log?.warn({ event: 'replayStep', step: index + 1, type: step.type, durationMs: Math.round(performance.now() - started), error: errorMessage(error), screenshot }, 'replay step failed');
    throw new FlowReplayError(message, index + 1, screenshot);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

async function saveScreenshot(page: Page, dir: string, step: number): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `replay-step-${step}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    await writeFile(file, await page.screenshot({ type: 'png' }), { mode: 0o600 });
    return file;
  } catch {
    return undefined;
  }
}
