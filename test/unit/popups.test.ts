/// <reference lib="dom" />
// Pages opened from a tile (target=_blank, window.open): the opener stays on screen for its browser,
// and a popup gets the size it asked for, as separate windows on a desktop would.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { LivePage } from '../../src/cdp/livePage';
import { LivePages } from '../../src/cdp/livePages';
import { popupSizeOf } from '../../src/cdp/popupSizes';
import type { SessionManager } from '../../src/cdp/sessionManager';
import { startDebuggingBrowser } from '../support/debuggingBrowser';
import { makeManager, sessionOnPage, startFixtureServer, tempStorage, waitFor } from './support';

// The opener repaints every animation frame and counts what reaches it.
const OPENER = `<!doctype html><title>Opener</title><style>body{margin:0}button,a{position:absolute;left:10px;width:120px;height:30px}</style>
<div id="paint" style="width:100px;height:100px"></div>
<a id="tab" href="/popup?tab" target="_blank" style="top:120px">new tab</a>
<button id="sized" onclick="window.open('/popup?sized', '', 'width=500,height=400')" style="top:160px">sized popup</button>
<button id="count" onclick="clicks++" style="top:200px">count</button>
<script>var clicks = 0, painted = 0;
(function paint() { painted++; document.getElementById('paint').style.background = 'hsl(' + painted % 360 + ', 80%, 50%)'; requestAnimationFrame(paint); })();</script>`;
const PAGES = { '/opener': OPENER, '/popup': '<!doctype html><title>Popup</title>popup' };

async function click(page: LivePage, x: number, y: number): Promise<void> {
  for (const action of ['mousePressed', 'mouseReleased'] as const) {
    await page.input.mouse({ action, x, y, button: 'left', buttons: action === 'mousePressed' ? 1 : 0, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
  }
}

interface Shown {
  readonly page: Page;
  readonly pages: LivePages;
  readonly opener: LivePage;
  close(): Promise<void>;
}

/** The canvas's view (LivePages) of a session on the opener page: one we launch, or a browser the developer started. */
async function showOpener(kind: 'launched' | 'attached'): Promise<Shown> {
  let session: { manager: SessionManager; page: Page; close(): Promise<void> };
  if (kind === 'launched') {
    session = await sessionOnPage(PAGES, '/opener');
  } else {
    const site = await startFixtureServer(PAGES);
    const storage = tempStorage();
    const own = await startDebuggingBrowser(path.join(tempStorage('bc-own-'), 'profile'), `${site.url}/opener`);
    const made = makeManager(storage);
    const { id } = await made.manager.attach(own.httpUrl);
    const [page] = await made.manager.connection(id)!.pages();
    await page.waitForSelector('#count');
    session = { manager: made.manager, page, close: async () => (made.dispose(), await own.close(), await site.close()) };
  }
  const pages = new LivePages(session.manager, (text) => assert.fail(text));
  const opener = await waitFor(() => pages.list()[0], 'the opener as a live page');
  return { page: session.page, pages, opener, close: async () => (pages.dispose(), await session.close()) };
}

const openedBy = (shown: Shown, url: string) =>
  waitFor(() => shown.pages.list().find((live) => live.info.openerId === shown.opener.targetId && live.info.url.endsWith(url)), `the page at ${url}`);

/** The opener as its own scripts see it. */
const seenByScripts = (page: Page) =>
  page.evaluate(() => ({ visibility: document.visibilityState, focused: document.hasFocus(), painted: (window as unknown as { painted: number }).painted }));

/** `count` frames from the page's screencast: a page that repaints without end sends one per paint. */
async function framesArrive(live: LivePage, what: string, count = 10): Promise<void> {
  let frames = 0;
  const listener = live.screencast.onFrame(() => frames++);
  try {
    await live.screencast.show({ maxWidth: 320, maxHeight: 200 });
    await waitFor(() => frames >= count, what);
  } finally {
    listener.dispose();
    await live.screencast.hide();
  }
}

describe('popups', function () {
  let shown: Shown | undefined;
  afterEach(async () => {
    await shown?.close();
    shown = undefined;
  });

  it('opens a target=_blank page in a window of its own, so the opener stays visible, painting and taking clicks', async () => {
    shown = await showOpener('launched');
    const { page, opener } = shown;
    await click(opener, 20, 135);
    const tab = await openedBy(shown, '/popup?tab');
    const browserClient = await page.browser().target().createCDPSession();
    const windowOf = (live: LivePage) => browserClient.send('Browser.getWindowForTarget', { targetId: live.targetId });
    await waitFor(async () => (await windowOf(tab)).windowId !== (await windowOf(opener)).windowId, 'the new page in a window of its own');
    const sizeOf = async (live: LivePage) => [(await windowOf(live)).bounds.width, (await windowOf(live)).bounds.height];
    assert.deepEqual(await sizeOf(tab), await sizeOf(opener), "the new page's window as large as its opener's");
    await browserClient.detach();

    const before = await seenByScripts(page);
    assert.deepEqual([before.visibility, before.focused], ['visible', true], 'the opener as its scripts see it');
    await waitFor(async () => (await seenByScripts(page)).painted > before.painted + 10, 'animation frames to keep running with no tile streaming');
    await framesArrive(opener, "the opener's tile to keep getting new pictures");
    await click(opener, 20, 215);
    await waitFor(() => page.evaluate(() => (window as unknown as { clicks: number }).clicks === 1), 'the click to reach the opener');
    await framesArrive(tab, "the new page's picture in its tile", 1);
  });

  it('keeps a page visible while its tile is on the canvas in a browser we did not launch, where a new tab still covers it', async () => {
    shown = await showOpener('attached');
    const { page, opener } = shown;
    await click(opener, 20, 135);
    await openedBy(shown, '/popup?tab');
    assert.equal((await seenByScripts(page)).visibility, 'visible', 'the opener behind the new tab');
    await framesArrive(opener, "the opener's tile to keep getting new pictures");
    shown.pages.dispose(); // the canvas closed: the page is left as the browser has it, behind the tab
    await waitFor(async () => (await seenByScripts(page)).visibility === 'hidden', 'the opener hidden again once no tile shows it');
  });

  it('gives a window.open popup the size it asked for, in its viewport and its tile, from the start', async () => {
    shown = await showOpener('launched');
    const { page, opener } = shown;
    // A popup the browser blocks (no user gesture) is announced too: it must not take the next one's size.
    const cdp = await page.createCDPSession();
    await cdp.send('Runtime.evaluate', { expression: "window.open('/popup?blocked', '', 'width=300,height=200')" });
    await cdp.detach();

    await click(opener, 20, 175);
    const popup = await openedBy(shown, '/popup?sized');
    assert.deepEqual([popup.info.width, popup.info.height], [500, 400], 'the tile as it first appears');
    const popupPage = (await page.browser().pages()).find((candidate) => candidate.url().endsWith('/popup?sized'))!;
    assert.deepEqual(await popupPage.evaluate(() => [innerWidth, innerHeight]), [500, 400], "the popup's viewport");
  });

  it('reads the size from window features as browsers do', () => {
    const table: Array<[string[], ReturnType<typeof popupSizeOf>]> = [
      [['width=500', 'height=400', 'resizable'], { width: 500, height: 400 }],
      [['innerWidth=640'], { width: 640 }],
      [['height=20'], { height: 100 }], // a browser keeps a popup at least 100 px a side
      [['width=99999', 'height=99999'], { width: 3840, height: 2160 }],
      [['popup', 'noopener'], undefined],
      [['width=wide'], undefined],
    ];
    for (const [features, size] of table) {
      assert.deepEqual(popupSizeOf(features), size, features.join(','));
    }
  });
});
