// `npm run bench` (streams part): what the extension host delivers for eight animating pages, with no
// workbench in the way (the webview is a stand-in that answers every frame at once), next to the raw
// screencast of the same page measured in the same run. Shows focus priority on its own.
import type { Browser, CDPSession } from 'puppeteer-core';
import { LivePages } from '../../src/cdp/livePages';
import { CanvasController } from '../../src/canvasHost/canvasController';
import { ANIMATED_PAGE } from '../support/fixtureServer';
import { stubCanvasHost } from '../support/canvasHost';
import { sessionOnPage, waitFor } from '../unit/support';
import { rawScreencastFps } from './rawScreencast';
import { runBench } from './runBench';

const TILES = 8;
const SECONDS = 4;
/** What one of eight tiles fitted on a 1920x1200 workbench covers. */
const TILE_SIZE = { width: 400, height: 250 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fixed = (value: number) => value.toFixed(1);

async function pageClient(browser: Browser, targetId: string): Promise<CDPSession> {
  for (const page of await browser.pages()) {
    const client = await page.createCDPSession();
    if ((await client.send('Target.getTargetInfo')).targetInfo.targetId === targetId) {
      return client;
    }
    await client.detach();
  }
  throw new Error(`no page ${targetId}`);
}

async function main(): Promise<void> {
  const fixture = await sessionOnPage({ '/animated': ANIMATED_PAGE }, '/animated');
  const browser = await fixture.page.browser().target().createCDPSession();
  for (let i = 1; i < TILES; i++) {
    await browser.send('Target.createTarget', { url: `${fixture.site.url}/animated`, newWindow: true });
  }

  const counts = new Map<string, number>();
  let controller: CanvasController | undefined;
  const pages = new LivePages(fixture.manager, () => undefined);
  controller = new CanvasController(
    pages,
    fixture.manager,
    stubCanvasHost({
      post: (message) => {
        if (message.type === 'frame') {
          counts.set(message.tileId, (counts.get(message.tileId) ?? 0) + 1);
          queueMicrotask(() => controller?.handle({ type: 'frameDrawn', tileId: message.tileId }));
        }
      },
    }),
  );
  try {
    const tileIds = (await waitFor(() => pages.list().length === TILES && pages.list(), 'all tiles')).map((page) => page.targetId);
    const measure = async (focused: string | undefined, visible = tileIds, size = TILE_SIZE) => {
      controller!.handle({ type: 'visibleTiles', tiles: visible.map((tileId) => ({ tileId, ...size, focused: tileId === focused })), pixelRatio: 1 });
      await sleep(1500);
      counts.clear();
      const cpu = process.cpuUsage();
      await sleep(SECONDS * 1000);
      const { user, system } = process.cpuUsage(cpu);
      const fps = tileIds.map((tileId) => (counts.get(tileId) ?? 0) / SECONDS);
      return { fps, cpuMsPerFrame: (user + system) / 1000 / (fps.reduce((sum, rate) => sum + rate, 0) * SECONDS) };
    };
    // One full-size tile while the other pages animate unseen: what this process spends per frame.
    const full = await measure(tileIds[0], tileIds.slice(0, 1), { width: 1280, height: 800 });
    const [, ...others] = (await measure(undefined)).fps;
    const unfocused = [...others].sort((a, b) => a - b)[Math.floor(others.length / 2)];
    const [focusedFps, ...thumbnails] = (await measure(tileIds[0])).fps;
    const thumbnail = [...thumbnails].sort((a, b) => a - b)[Math.floor(thumbnails.length / 2)];
    // The same page with the canvas gone: the other seven still animate, unseen.
    controller.dispose();
    controller = undefined;
    pages.dispose();
    await sleep(1000);
    const raw = await rawScreencastFps(await pageClient(fixture.page.browser(), tileIds[0]), TILE_SIZE, SECONDS);
    console.log(`streams (extension host only, ${TILES} animating pages, tiles of ${TILE_SIZE.width}x${TILE_SIZE.height})`);
    console.log(`  1 tile at 1280x800: ${fixed(full.fps[0])} fps; CPU of this process (our host code and puppeteer) ${full.cpuMsPerFrame.toFixed(2)} ms per frame (goal <= 2)`);
    console.log(`  none focused: median ${fixed(unfocused)} fps per tile`);
    console.log(`  one focused: focused ${fixed(focusedFps)} fps, thumbnails median ${fixed(thumbnail)} fps; raw screencast of the page with the other seven animating unseen ${fixed(raw)} fps; ratio ${(focusedFps / raw).toFixed(2)}`);
  } finally {
    controller?.dispose();
    pages.dispose();
    await fixture.close();
  }
}

runBench(main);
