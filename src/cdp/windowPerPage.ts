import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Browser } from 'puppeteer-core';

/** Lets a client of the browser's pipe (our browser host's) load an unpacked extension (`Extensions.loadUnpacked`). */
export const EXTENSION_LOADING_ARG = '--enable-unsafe-extension-debugging';

const MANIFEST = {
  manifest_version: 3,
  name: 'Browser Canvas: a window per page',
  version: '1.0',
  description: 'Opens each new tab in a window of its own, so the page it came from stays visible on the canvas.',
  background: { service_worker: 'background.js' },
};

// A tab joining a window that shows another page (a target=_blank link, window.open without a size,
// Ctrl+T) hides that page: Chromium then stops painting it and its scripts see `visibilityState:
// 'hidden'`. No CDP command moves a tab, but an extension can, keeping the page and its opener as they
// are. Needs no permission: windows and tab ids are open to every extension.
// Chromium refuses to move a tab while it is still being set up ("Tabs cannot be edited right now"):
// such a move is tried again a little later.
const BACKGROUND = `chrome.tabs.onCreated.addListener(async (tab) => {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const from = await chrome.windows.get(tab.windowId, { populate: true });
      if (from.type === 'normal' && from.tabs.length > 1) {
        await chrome.windows.create({ tabId: tab.id, width: from.width, height: from.height });
      }
      return;
    } catch (error) {
      if (!/cannot be edited right now/i.test(String(error && error.message))) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
`;

/**
 * Loads the window-per-page extension into a browser we launched (with EXTENSION_LOADING_ARG), from a
 * copy in the session's folder: the browser outlives this editor, and an update of the editor's
 * extension would take its files away.
 */
export async function loadWindowPerPage(browser: Browser, sessionDir: string): Promise<void> {
  const dir = path.join(sessionDir, 'window-per-page');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(MANIFEST, undefined, 2), { mode: 0o600 });
  await writeFile(path.join(dir, 'background.js'), BACKGROUND, { mode: 0o600 });
  const client = await browser.target().createCDPSession();
  let id: string;
  try {
    ({ id } = await client.send('Extensions.loadUnpacked', { path: dir }));
  } finally {
    await client.detach().catch(() => undefined);
  }
  // Loaded is not listening: a tab opened before the worker's first run would stay where it opened.
  // Once the worker has started, Chromium wakes it for every later tab. (Asking the worker to evaluate
  // something could wait forever on a worker Chromium has put to sleep, and with it the launch.)
  await browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().startsWith(`chrome-extension://${id}/`), { timeout: WORKER_START_MS });
}

/** How long the extension's worker may take to start on a busy machine. */
const WORKER_START_MS = 10_000;
