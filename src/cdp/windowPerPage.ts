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
const BACKGROUND = `chrome.tabs.onCreated.addListener(async (tab) => {
  const from = await chrome.windows.get(tab.windowId, { populate: true });
  if (from.type === 'normal' && from.tabs.length > 1) {
    await chrome.windows.create({ tabId: tab.id, width: from.width, height: from.height });
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
  try {
    await client.send('Extensions.loadUnpacked', { path: dir });
  } finally {
    await client.detach().catch(() => undefined);
  }
}
