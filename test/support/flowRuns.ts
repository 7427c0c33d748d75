import { createRunner, parse, PuppeteerRunnerExtension } from '@puppeteer/replay';
import type { Browser, Page } from 'puppeteer-core';
import { PageTargets } from '../../src/cdp/target/pageTargets';
import { targetIdOf } from '../../src/cdp/target/targetId';
import type { UserFlow } from '../../src/cdp/recorder/flowSchema';
import { PageRecorder } from '../../src/cdp/recorder/pageRecorder';
import { chooseSelectOption, findSelectAt } from '../../src/cdp/selectPopup';

/**
 * Chooses option `index` of the page's drop-down the tile's way: the canvas finds the drop-down under
 * the press and chooses in its own list (a screencast shows no native one). False if that failed.
 */
export async function chooseInCanvasList(page: Page, index: number): Promise<boolean> {
  const client = await page.createCDPSession();
  try {
    const box = (await (await page.$('select'))!.boundingBox())!;
    const list = await findSelectAt(client, box.x + box.width / 2, box.y + box.height / 2);
    return !!list && (await chooseSelectOption(client, list, index));
  } finally {
    await client.detach();
  }
}

/** Longer than the recorder counts a page load, or a popup closing, as the doing of the action before it. */
export const UNCAUSED_AFTER_MS = 1600;

/** Records what `act` does in `page`, as a person's input in a tile or a window would be recorded. */
export async function recordFlow(page: Page, title: string, act: () => Promise<void>): Promise<UserFlow> {
  await page.bringToFront(); // a page behind another tab gets no input
  const models = new PageTargets('recordFlow', console); // a page's background failures shown, not logged
  const recorder = await PageRecorder.start(models, page.target());
  try {
    await act();
    return await recorder.flow(title);
  } finally {
    recorder.dispose();
    models.dispose();
  }
}

/** A blank page in a window of its own (a tab behind another would get no input), as a replay into a new tile gets. */
export async function newWindow(browser: Browser): Promise<Page> {
  const client = await browser.target().createCDPSession();
  const { targetId } = await client.send('Target.createTarget', { url: 'about:blank', newWindow: true });
  await client.detach();
  return (await (await browser.waitForTarget((candidate) => targetIdOf(candidate) === targetId)).page())!;
}

/** Runs `work` on a new window's page (see newWindow), closing the window after. */
export async function inNewWindow<T>(browser: Browser, work: (page: Page) => Promise<T>): Promise<T> {
  const page = await newWindow(browser);
  try {
    return await work(page);
  } finally {
    await page.close();
  }
}

/**
 * Runs a flow file's JSON, as it is, in @puppeteer/replay's own runner, in a new window of `browser`,
 * then hands `check` that window's page to look at the end state; the window is closed after.
 */
export function replayInNewWindow(browser: Browser, flow: UserFlow, check: (page: Page) => Promise<void>): Promise<void> {
  return inNewWindow(browser, async (page) => {
    const runner = await createRunner(parse(JSON.parse(JSON.stringify(flow))), new PuppeteerRunnerExtension(browser as never, page as never, { timeout: 10_000 }));
    await runner.run();
    await check(page);
  });
}
