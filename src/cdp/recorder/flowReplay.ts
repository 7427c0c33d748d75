import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createRunner, parse, PuppeteerRunnerExtension, Step } from '@puppeteer/replay';
import type { Browser, Page } from 'puppeteer-core';
import type { Logger } from 'pino';
import { errorMessage } from '../errors';
import type { UserFlow } from './flowSchema';

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
}

/** The step a replay stopped at, with the selectors it tried and a screenshot of the page then. */
export class FlowReplayError extends Error {
  constructor(
    message: string,
    readonly step: number,
    readonly screenshot?: string,
  ) {
    super(message);
    this.name = 'FlowReplayError';
  }
}

const PLACEHOLDER = /\{\{\s*(secret:)?([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * Replays a flow into `page` with @puppeteer/replay's runner (the same stepping Chrome DevTools uses),
 * placeholders filled in first; stops at the first failing step, leaving the page as it was.
 */
export async function replayFlow(browser: Browser, page: Page, flow: UserFlow, options: ReplayOptions): Promise<{ readonly steps: number }> {
  const filled = parse(await fillPlaceholders(flow, options));
  let index = -1;
  let started = 0;
  let selectorUsed: string | undefined;
  const log = options.log;
  class Stepping extends PuppeteerRunnerExtension {
    override async beforeEachStep(step: Step): Promise<void> {
      index++;
      started = performance.now();
      if (options.signal?.aborted) {
        throw new Error('The replay was stopped.');
      }
      selectorUsed = await firstMatching(page, step);
    }

    override async afterEachStep(step: Step): Promise<void> {
      log?.info({ event: 'replayStep', step: index + 1, type: step.type, selectorUsed, durationMs: Math.round(performance.now() - started), result: 'ok' }, 'replay step');
    }
  }
  const runner = await createRunner(filled, new Stepping(browser as never, page as never, { timeout: options.timeoutMs ?? 10_000 }));
  const abort = () => runner.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const completed = await runner.run();
    if (!completed) {
      throw new Error('The replay was stopped.');
    }
    return { steps: filled.steps.length };
  } catch (error) {
    const step = filled.steps[Math.max(0, index)];
    const tried = 'selectors' in step && step.selectors ? step.selectors.map((selector) => JSON.stringify(selector)).join(', ') : 'none';
    const screenshot = await saveScreenshot(page, options.screenshotDir, index + 1);
    const message = `Step ${index + 1} (${step.type}) failed: ${errorMessage(error)}. Selectors tried: ${tried}.`;
    log?.warn({ event: 'replayStep', step: index + 1, type: step.type, durationMs: Math.round(performance.now() - started), error: errorMessage(error), screenshot }, 'replay step failed');
    throw new FlowReplayError(message, index + 1, screenshot);
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

/** The flow with every {{name}} and {{secret:NAME}} replaced; a missing variable is named before anything runs. */
async function fillPlaceholders(flow: UserFlow, options: ReplayOptions): Promise<UserFlow> {
  const text = JSON.stringify(flow);
  const missing = new Set<string>();
  const secrets = new Map<string, string>();
  for (const [, secret, name] of text.matchAll(PLACEHOLDER)) {
    if (secret && !secrets.has(name)) {
      if (!options.secret) {
        throw new Error(`The flow needs the secret ${name}, and no secret store was given.`);
      }
      secrets.set(name, await options.secret(name));
    } else if (!secret && options.variables?.[name] === undefined) {
      missing.add(name);
    }
  }
  if (missing.size) {
    throw new Error(`The flow needs a value for ${[...missing].join(', ')}.`);
  }
  // Replaced inside the parsed JSON's strings, so a value can never break the flow's structure.
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(PLACEHOLDER, (_match, secret: string | undefined, name: string) => (secret ? secrets.get(name)! : options.variables![name])) : value,
  ) as UserFlow;
}

/** The first of a step's selectors that finds an element as the step starts (for the log), if any. */
async function firstMatching(page: Page, step: Step): Promise<string | undefined> {
  if (!('selectors' in step) || !step.selectors || 'frame' in step) {
    return undefined;
  }
  for (const selector of step.selectors) {
    const query = Array.isArray(selector) ? selector.join(' >>> ') : selector;
    if (await page.$(query).then((found) => found !== null, () => false)) {
      return query;
    }
  }
  return undefined;
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
