import * as path from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { findBrowser } from '../../../src/cdp/discovery';

/** An editor started for a test run, with our extension and the in-editor test runner installed. */
export interface RunningEditor {
  readonly description: string;
  /** The workbench page, where the editor is a web page (code-server). */
  readonly page?: Page;
  /** Starts a new extension host after the old one ended itself (the web workbench cannot restart it). */
  restartExtensionHost?(): Promise<void>;
  stop(): Promise<void>;
}

/** An editor's server (code-server, Theia) and the address of its web workbench. */
export interface WorkbenchServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Opens a web workbench in a headless Chromium of its own (its profile in the run's folder) and waits
 * for `readySelector`. Loading the workbench again starts a new extension host.
 */
export async function showWorkbench(server: WorkbenchServer, root: string, readySelector: string, description: string): Promise<RunningEditor> {
  let browser: Browser | undefined;
  let page: Page | undefined;
  const stop = async () => {
    await page?.close().catch(() => undefined); // closing the workbench lets the extension host deactivate
    await browser?.close().catch(() => undefined);
    await server.stop();
  };
  const openWorkbench = async () => {
    await page!.goto(server.url, { waitUntil: 'domcontentloaded' });
    await page!.waitForSelector(readySelector, { timeout: 60_000 });
  };
  try {
    browser = await puppeteer.launch({
      executablePath: (await findBrowser()).path,
      headless: true,
      userDataDir: path.join(root, 'workbench-browser'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await openWorkbench();
    return { description, page, stop, restartExtensionHost: openWorkbench };
  } catch (error) {
    await stop();
    throw error;
  }
}
