/// <reference lib="dom" />
// The timeline strip in a real Theia, as its user works it: presses in the tile, the strip from the
// tile header's Timeline button, hover for the target, a click on an entry for the page as it was,
// Escape for live again. Theia's webview is not code-server's (its own origin per webview, its own
// way of passing keys and focus), so the code-server e2e (test/e2e/timelineStrip.test.ts) does not
// speak for it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import puppeteer from 'puppeteer-core';
import { BLUE_LEFT, centreOf, entrySelector, imageColour, PAINT_PAGE, shownTarget, stripEntries } from '../e2e/stripView';
import { CanvasView, findCanvas, TileDiagnostics } from '../e2e/workbench';
import { startFixtureServer } from '../support/fixtureServer';
import { waitFor } from '../support/waitFor';
import { startTheiaRun, TheiaRun } from './theiaRun';

/** The session's page as its own browser sees it (its background, visibility and focus), or that it does not answer within 3 s. */
async function pageItself(userData: string): Promise<string> {
  const sessions = path.join(userData, 'User', 'globalStorage', 'browser-canvas.browser-canvas', 'sessions');
  const [id] = readdirSync(sessions);
  const { wsEndpoint } = JSON.parse(readFileSync(path.join(sessions, id, 'browser-host.json'), 'utf8')) as { wsEndpoint: string };
  const browser = await puppeteer.connect({ browserWSEndpoint: wsEndpoint });
  try {
    const states = await Promise.all(
      (await browser.pages()).map((page) =>
        Promise.race([
          page.evaluate(() => `${location.href}: background ${document.body.style.background || 'as loaded'}, ${document.visibilityState}, focus ${document.hasFocus()}`),
          new Promise<string>((resolve) => setTimeout(() => resolve(`${page.url()}: no answer in 3 s (frozen, or its thread blocked)`), 3000)),
        ]),
      ),
    );
    return states.join('; ');
  } finally {
    await browser.disconnect();
  }
}

describe('Theia: the timeline strip under a tile', function () {
  this.timeout(240_000);
  let run: TheiaRun;
  let canvas: CanvasView;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;

  const tile = async (): Promise<TileDiagnostics> => (await canvas.tiles())[0];
  /** The paint page reports its width as its title. */
  const pageWidth = async () => Number((await tile()).title);
  /** The live page's colour, low on its right, away from both buttons. */
  const liveColour = async () => canvas.pixelAt(await tile(), await pageWidth(), 600, 500);
  /** What is on top at the middle of the tile's page area: the picture of the past, or the live page. */
  const onTop = async () => {
    const { pageRect } = await tile();
    return canvas.frame.evaluate((x, y) => (document.elementFromPoint(x, y)?.closest('.past-view') ? 'past' : 'live'), pageRect.x + pageRect.width / 2, pageRect.y + pageRect.height / 2);
  };

  before(async () => {
    fixtures = await startFixtureServer({ '/paint': PAINT_PAGE });
    run = await startTheiaRun('strip', { 'browserCanvas.openOnStartup': `${fixtures.url}/paint` });
  });

  afterEach(async function () {
    await run.screenshotIfFailed(this.currentTest);
    if (this.currentTest?.state === 'failed' && canvas) {
      // What the tile had drawn (a picture that never came shows here) and what the strip listed.
      console.log(`    tiles: ${JSON.stringify(await canvas.tiles().catch((error: Error) => error.message))}`);
      console.log(`    strip: ${JSON.stringify(await stripEntries(canvas).catch((error: Error) => error.message))}`);
      // And the page itself, straight from its browser: did it take the press (its colour), is it shown, does it answer at all?
      console.log(`    the page itself: ${await pageItself(run.dirs.userData).catch((error: Error) => error.message)}`);
    }
  });

  after(async () => {
    await run?.stop();
    await fixtures?.close();
  });

  it('lists the presses in the tile with pictures; hover shows the target; a click on an entry shows the past; Escape goes back to live', async () => {
    const { page } = run;
    canvas = await findCanvas(page, 120_000);
    await waitFor(async () => (await canvas.tiles()).length === 1 && (await tile()).framesDrawn > 0 && (await pageWidth()) > 0, 'a tile with a frame', 60_000);

    // The developer presses Red, then Blue, in the tile.
    const width = await pageWidth();
    const press = async (x: number, y: number) => {
      const point = canvas.screenPoint(await tile(), width, x, y);
      await page.mouse.click(point.x, point.y);
    };
    await press(150, 80);
    await waitFor(async () => (await liveColour())[0] > 150, 'the page painted red');
    await press(BLUE_LEFT + 110, 240);
    await waitFor(async () => (await liveColour())[2] > 150, 'the page painted blue');

    // The strip, from the tile header's Timeline button.
    await page.mouse.click(...(await centreOf(canvas, '.header-button[data-action="timeline"]')));
    const listed = await waitFor(async () => {
      const entries = await stripEntries(canvas);
      const red = entries.find((entry) => /clicked button "Red"/.test(entry.line));
      const blue = entries.find((entry) => /clicked button "Blue"/.test(entry.line));
      return red?.picture && blue?.picture && { red, blue };
    }, 'both presses, with pictures, on the strip', 60_000);
    for (const entry of [listed.red, listed.blue]) {
      assert.equal(entry.actor, 'developer', entry.line);
      assert.match(entry.who, new RegExp(`^#${entry.seq} developer$`));
    }
    assert.ok(listed.red.seq < listed.blue.seq, 'newest last');
    assert.ok((await imageColour(canvas, `${entrySelector(listed.red.seq)} img`, 0.9, 0.9))[0] > 150, "Red's entry shows the page red");
    assert.ok((await imageColour(canvas, `${entrySelector(listed.blue.seq)} img`, 0.9, 0.9))[2] > 150, "Blue's entry shows the page blue");

    // Hover Blue's entry: its target box over its picture, where Blue is on the page.
    await page.mouse.move(...(await centreOf(canvas, entrySelector(listed.blue.seq))));
    const target = await waitFor(() => shownTarget(canvas, listed.blue.seq), 'the target box on hover');
    assert.ok(Math.abs(target.x - BLUE_LEFT / width) < 0.03 && target.width > 0.1, `the box sits where Blue is: ${JSON.stringify(target)} of a ${width} px page`);

    // A click on Red's entry: the tile shows the page red, as it was then, over the live page, which stays blue.
    await page.mouse.click(...(await centreOf(canvas, entrySelector(listed.red.seq))));
    const label = await waitFor(() => canvas.frame.$eval('.past-view .past-label', (shown) => shown.textContent).catch(() => undefined), 'the past over the tile');
    assert.match(label!, new RegExp(`^As it was at #${listed.red.seq}, `));
    assert.equal(await onTop(), 'past', 'the picture of the past covers the page');
    assert.ok((await imageColour(canvas, '.past-view img', 0.9, 0.9))[0] > 150, 'the past picture is red');
    assert.ok((await liveColour())[2] > 150, 'the live page (under it) is still blue');

    // Escape, from the keyboard where the click left it: the live page again.
    await page.keyboard.press('Escape');
    await waitFor(async () => !(await canvas.frame.$('.past-view')) && (await onTop()) === 'live', 'live again');
    assert.ok((await liveColour())[2] > 150, 'the live page shows blue');
  });
});
