/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The extension in a real Theia (tools/theia, scripts/installTheia.sh): installed from the .vsix a
// user would install, run by Theia's VS Code plugin host, its canvas webview shown by Theia's
// workbench in a headless Chromium. Checked by what a person would see there.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { prepareDirs, repoRoot } from '../../scripts/editor/profile';
import { RunningEditor } from '../integration/runner/editor';
import { startTheiaEditor } from '../integration/runner/theia';
import { startFixtureServer } from '../support/fixtureServer';
import { killSessionBrowsers } from '../support/sessionBrowsers';
import { waitFor } from '../support/waitFor';
import { CanvasView, findCanvas, TileDiagnostics } from '../e2e/workbench';

// A green page that is one big button: a click anywhere turns it red and says so in its title, which
// the tile header shows. Points are taken in the tile's own screen pixels.
const FIXTURE = `<!doctype html><title>green page</title>
<style>html,body{margin:0;height:100%;background:#00b000}#add{position:absolute;inset:0;background:none;border:0}</style>
<button id="add"></button>
<script>let clicks = 0; add.onclick = () => { clicks++; document.body.style.background = '#c00000'; document.title = 'clicked ' + clicks; };</script>`;

/** The colour on screen at the middle of a tile's page. */
function middleColour(canvas: CanvasView, tile: TileDiagnostics): Promise<[number, number, number]> {
  return canvas.pixelAt(tile, tile.pageRect.width, tile.pageRect.width / 2, tile.pageRect.height / 2);
}

describe('Theia: the packaged extension in a real Theia', function () {
  this.timeout(180_000);
  let editor: RunningEditor;
  let page: Page;
  let canvas: CanvasView;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;
  let userData: string;
  let runDir: string;

  before(async () => {
    const vsix = path.join(repoRoot, 'browser-canvas.vsix');
    assert.ok(existsSync(vsix), `${vsix} is missing: make it with npm run package`);
    fixtures = await startFixtureServer({ '/fixture': FIXTURE });
    const dirs = prepareDirs(path.join(repoRoot, '.test-runs', `theia-${Date.now()}`), { 'browserCanvas.openOnStartup': `${fixtures.url}/fixture` });
    userData = dirs.userData;
    runDir = dirs.root;
    editor = await startTheiaEditor(dirs, {}, vsix);
    page = editor.page!;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const file = path.join(runDir, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file });
      console.log(`    screenshot: ${file}\n    Theia's log: ${path.join(runDir, 'theia.log')}`);
    }
  });

  after(async () => {
    await editor?.stop();
    await fixtures?.close();
    await killSessionBrowsers(userData);
  });

  it('activates and opens the canvas with a live tile of the page (browserCanvas.openOnStartup)', async () => {
    canvas = await findCanvas(page, 120_000);
    const tile = await waitFor(async () => {
      const [first] = await canvas.tiles();
      return first?.framesDrawn > 0 && first.title === 'green page' ? first : undefined;
    }, 'a tile with a frame of the page', 60_000);
    const [r, g, b] = await middleColour(canvas, tile);
    assert.ok(g > 140 && r < 60 && b < 60, `the page's green shows in the tile, got rgb(${r}, ${g}, ${b})`);
  });

  it('clicks a button in the tile and shows the page react', async () => {
    const [tile] = await canvas.tiles();
    const point = canvas.screenPoint(tile, tile.pageRect.width, tile.pageRect.width / 2, tile.pageRect.height / 2);
    await page.mouse.click(point.x, point.y);
    await waitFor(async () => (await canvas.tiles())[0].title === 'clicked 1', 'the click to reach the page');
    await waitFor(async () => {
      const [r, g, b] = await middleColour(canvas, (await canvas.tiles())[0]);
      return r > 150 && g < 60 && b < 60;
    }, "the page's new red in the tile");
  });

  // Not yet checked here: the Sessions view. In Theia 1.74.1 it keeps its welcome content ("No browser
  // sessions yet") beside the live tile: Theia makes a welcome-only widget for a view with viewsWelcome
  // before the plugin registers its tree, and swaps in the tree later only if the view is visible at
  // registration (plugin-view-registry.ts: initView waits for an expand event that needs no widget).
  it('after a reload of the window: the session re-adopted, its tile back as it was', async () => {
    await editor.restartExtensionHost!();
    canvas = await findCanvas(page, 120_000);
    const tile = await waitFor(async () => {
      const [first] = await canvas.tiles();
      return first?.framesDrawn > 0 && first.title === 'clicked 1' ? first : undefined;
    }, 'the tile of the clicked page', 60_000);
    const [r, g, b] = await middleColour(canvas, tile);
    assert.ok(r > 150 && g < 60 && b < 60, `the page is still red, got rgb(${r}, ${g}, ${b})`);
    assert.equal((await canvas.tiles()).length, 1, 'one tile: the same session, not a new one');
  });
});
