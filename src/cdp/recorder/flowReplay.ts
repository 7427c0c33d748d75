import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createRunner, parse } from '@puppeteer/replay';
import type { Browser, Page } from 'puppeteer-core';
import type { Logger } from 'pino';
import { abortable, cancelledBy, throwIfAborted } from '../action/abort';
import { AgentError } from '../action/agentError';
import type { AgentStep, FeedbackMode } from '../action/actionSteps';
import { errorMessage } from '../errors';
import { fillVariables } from './flowPlaceholders';
import type { UserFlow } from './flowSchema';
import { replayStepping } from './replayStepping';

export interface ReplayOptions {
  /** Values for {{name}} placeholders. */
  readonly variables?: Readonly<Record<string, string>>;
  /** The value of {{secret:NAME}} for the origin it is typed into, from the editor's secret storage: used, never logged or written. */
  readonly secret?: (name: string, origin: string) => Promise<string>;
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
 * Replays a flow into `page` with @puppeteer/replay's runner (the stepping Chrome DevTools uses),
 * its variables filled in first, through our runner extension (replayStepping.ts). Stops at the
 * first failing step, leaving the page as it was for the developer to look at.
 */
export async function replayFlow(browser: Browser, page: Page, flow: UserFlow, options: ReplayOptions): Promise<{ readonly steps: number }> {
  const filled = parse(fillVariables(flow, options.variables ?? {}));
  const signal = options.signal ?? new AbortController().signal;
  const { log } = options;
  const stepping = replayStepping(browser, page, { mode: options.feedback ?? 'execution', signal, timeoutMs: options.timeoutMs ?? 10_000, log, onStep: options.onStep, secret: options.secret });
  const runner = await createRunner(filled, stepping.extension);
  const stop = () => runner.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    throwIfAborted(signal); // stopped while it was being set up: nothing runs
    // Stopping answers at once; the step in flight cannot act any more (see pageReportingFoundElements).
    await abortable(runner.run(), signal);
    return { steps: filled.steps.length };
  } catch (error) {
    const index = stepping.step();
    const step = filled.steps[Math.max(0, index)];
    if (signal.aborted) {
      log?.info({ event: 'replayStep', step: index + 1, type: step.type, result: 'cancelled' }, 'replay stopped');
      throw cancelledBy(signal);
    }
    const tried = 'selectors' in step && step.selectors ? step.selectors.map((selector) => JSON.stringify(selector)).join(', ') : 'none';
    const screenshot = await saveScreenshot(page, options.screenshotDir, index + 1);
    const reason = stepping.scrub(errorMessage(error));
    const message = `Step ${index + 1} (${step.type}) failed: ${reason}. Selectors tried: ${tried}.`;
    log?.warn({ event: 'replayStep', step: index + 1, type: step.type, durationMs: Math.round(performance.now() - stepping.startedAt()), error: reason, screenshot }, 'replay step failed');
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
