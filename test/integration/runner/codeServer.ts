import * as path from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { findBrowser } from '../../../src/cdp/discovery';
import { startCodeServer } from '../../../scripts/editor/codeServer';
import { EditorDirs, installExtension, installHostRunner } from '../../../scripts/editor/profile';
import { RunningEditor } from './editor';

/**
 * code-server with a headless Chromium showing the workbench: its extension host is a real Node one.
 * The extension is copied from this build, unless the caller installed it already (`installed`, e.g. a .vsix).
 */
export async function startCodeServerEditor(dirs: EditorDirs, env: Record<string, string>, options: { installed?: boolean } = {}): Promise<RunningEditor> {
  if (!options.installed) {
    installExtension(dirs.extensions);
  }
  installHostRunner(dirs.extensions);
  const server = await startCodeServer(dirs, env);
  let browser: Browser | undefined;
  let page: Page | undefined;
  const stop = async () => {
    await page?.close().catch(() => undefined); // closing the workbench lets the extension host deactivate
    await browser?.close().catch(() => undefined);
    await server.stop();
  };
  const openWorkbench = async () => {
    await page!.goto(server.url, { waitUntil: 'domcontentloaded' });
    await page!.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  };
  try {
    browser = await puppeteer.launch({
      executablePath: (await findBrowser()).path,
      headless: true,
      userDataDir: path.join(dirs.root, 'workbench-browser'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await openWorkbench();
    return { description: `code-server at ${server.url}`, page, stop, restartExtensionHost: openWorkbench };
  } catch (error) {
    await stop();
    throw error;
  }
}
