/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The resource policy end to end, as the developer sees it: code-server, two sessions side by side on
// the canvas. The one not focused is marked slowed in its header; its pin keeps it at full speed (the
// Sessions view says so, with its memory); Hibernate Session asks first about its unsaved form input,
// then its tile keeps its last picture, marked hibernated, until a click on it wakes it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { startFixtureServer } from '../support/fixtureServer';
import { waitFor } from '../support/waitFor';
import { CodeServerRun, startCodeServerRun } from './codeServerRun';
import { answerDialog, answerQuickInput, CanvasView, findCanvas, runFromPalette, TileDiagnostics } from './workbench';

// Each page one colour, so a tile's picture says whose it is; the form's field spans its top. Short
// titles: two tiles side by side leave the header's title little room, and the mark comes first.
const FORM_PAGE = `<!doctype html><title>form</title>
<style>html,body{margin:0;height:100%;background:#2050c0}#note{position:absolute;left:0;top:0;width:100%;height:25%;font-size:40px}</style>
<input id="note" placeholder="a note">`;
const OTHER_PAGE = '<!doctype html><title>other</title><style>html,body{margin:0;height:100%;background:#20a040}</style>';

type Rect = TileDiagnostics['pageRect'];

/** The text of the Sessions view's row for a session (its label, then its description: status, holder, pages, notes). */
function sessionRow(page: Page, label: string): Promise<string | undefined> {
  return page.evaluate((wanted) => {
    const pane = [...document.querySelectorAll('.pane')].find((candidate) => candidate.querySelector('.pane-header')?.textContent?.includes('Sessions'));
    const rows = [...(pane?.querySelectorAll('.monaco-list-row') ?? [])].map((row) => row.textContent ?? '');
    return rows.find((row) => row.startsWith(wanted));
  }, label);
}

/** The entries of the context menu of a session's row in the Sessions view (closed again after reading). */
async function sessionRowMenu(page: Page, label: string): Promise<string[]> {
  const row = await page.evaluateHandle((wanted) => {
    const pane = [...document.querySelectorAll('.pane')].find((candidate) => candidate.querySelector('.pane-header')?.textContent?.includes('Sessions'));
    return [...(pane?.querySelectorAll<HTMLElement>('.monaco-list-row') ?? [])].find((candidate) => candidate.textContent?.startsWith(wanted));
  }, label);
  await (row.asElement() as ElementHandle<Element>).click({ button: 'right' });
  // The workbench draws its menus in a shadow root.
  const entries = await waitFor(async () => {
    const labels = await Promise.all((await page.$$('pierce/.monaco-menu .action-label')).map((entry) => entry.evaluate((element) => element.textContent?.trim() ?? '')));
    return labels.length > 0 && labels;
  }, `the menu of the row "${label}"`);
  await page.keyboard.press('Escape');
  return entries;
}

describe('resource policy, end to end in code-server', function () {
  this.timeout(300_000);
  let run: CodeServerRun;
  let page: Page;
  let canvas: CanvasView;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;

  const tileOf = async (sessionId: string): Promise<TileDiagnostics | undefined> => (await canvas.tiles()).find((tile) => tile.sessionId === sessionId);
  const clickAt = (rect: Rect, across: number, down: number) => page.mouse.click(canvas.origin.x + rect.x + rect.width * across, canvas.origin.y + rect.y + rect.height * down);
  /** The colour on screen at a point of a tile's page, given as fractions of its width and height. */
  const colourAt = (tile: TileDiagnostics, across: number, down: number) => canvas.pixelAt(tile, tile.pageRect.width, tile.pageRect.width * across, tile.pageRect.height * down);
  const isBlue = ([r, g, b]: [number, number, number]) => b > 150 && r < 90 && g < 120;
  const headerReads = (sessionId: string, title: string) =>
    waitFor(async () => {
      const tile = await tileOf(sessionId);
      return tile?.headerTitle === title && tile;
    }, `the header of session ${sessionId} to read "${title}"`, 60_000);

  before(async () => {
    fixtures = await startFixtureServer({ '/form': FORM_PAGE, '/other': OTHER_PAGE });
    run = await startCodeServerRun('e2e-policy', {
      'browserCanvas.openOnStartup': `${fixtures.url}/form`,
      'workbench.secondarySideBar.defaultVisibility': 'hidden', // the chat would take a third of the width from the canvas
    });
    ({ page } = run);
  });

  afterEach(async function () {
    await run?.screenshotIfFailed(this.currentTest, async () => `tiles: ${JSON.stringify(await canvas?.tiles())}`);
  });

  after(async () => {
    await run?.stop();
    await fixtures?.close();
  });

  it('marks the tile not focused as slowed (an icon in a narrow header), keeps a pinned one at full speed, hibernates one with unsaved input after asking, and wakes it on a click', async () => {
    canvas = await findCanvas(page, 180_000); // the session starts with the editor: slow on a loaded machine
    const form = await waitFor(async () => {
      const [tile] = await canvas.tiles();
      return tile?.framesDrawn > 0 && tile.sessionLabel === 'form' && tile;
    }, 'the form page in a tile with a frame, its session named after it', 60_000);

    // A second session, from the palette, on the other page.
    await runFromPalette(page, 'Browser Canvas: New Session');
    await answerQuickInput(page, /How should the browser run\?/, ['Enter']); // Headless
    await answerQuickInput(page, /https:\/\/example\.com/, []); // the start page box itself (its placeholder), not the question before it
    await page.keyboard.type(`${fixtures.url}/other`);
    await page.keyboard.press('Enter');
    const other = await waitFor(async () => (await canvas.tiles()).find((tile) => tile.sessionId !== form.sessionId && tile.framesDrawn > 0), "the new session's tile with a frame", 60_000);
    await (await canvas.frame.waitForSelector('[data-action="zoomToFit"]'))!.click();
    const [viewWidth, viewHeight] = await canvas.frame.evaluate(() => [innerWidth, innerHeight]);
    const onScreen = (tile?: TileDiagnostics) => !!tile && tile.headerRect.x >= 0 && tile.headerRect.y >= 0 && tile.pageRect.x + tile.pageRect.width <= viewWidth && tile.pageRect.y + tile.pageRect.height <= viewHeight;
    await waitFor(async () => onScreen(await tileOf(form.sessionId)) && onScreen(await tileOf(other.sessionId)), 'both tiles whole on screen');

    // Form input not saved yet: typed into the form's field, in its tile.
    await clickAt((await tileOf(form.sessionId))!.pageRect, 0.5, 0.1);
    await page.keyboard.type('a draft not saved');

    // The other tile takes the keyboard: the form's, still on screen, is marked slowed; the focused one is not marked.
    await clickAt((await tileOf(other.sessionId))!.pageRect, 0.5, 0.6);
    const slowed = await headerReads(form.sessionId, 'Slowed · form');
    assert.equal((await tileOf(other.sessionId))!.headerTitle, 'other', 'the focused tile has no mark');
    assert.ok(isBlue(await colourAt(slowed, 0.5, 0.7)), 'the slowed tile still shows its page');

    // Its pin keeps it at full speed, though it still has no keyboard; a second press lets it rest again.
    await clickAt(slowed.pinRect, 0.5, 0.5);
    await headerReads(form.sessionId, 'Full speed · form');
    assert.equal((await tileOf(other.sessionId))!.focused, true, 'the pin did not move the keyboard');
    await runFromPalette(page, 'Browser Canvas: Focus on Sessions View');
    const pinnedRow = await waitFor(async () => {
      const row = await sessionRow(page, 'form');
      return row && /full speed · \d+(\.\d+)? MB/.test(row) && row;
    }, 'the Sessions view row saying full speed, with its memory', 60_000);
    assert.match(pinnedRow, /running/);
    await clickAt((await tileOf(form.sessionId))!.pinRect, 0.5, 0.5);
    await headerReads(form.sessionId, 'Slowed · form');
    await waitFor(async () => !(await sessionRow(page, 'form'))?.includes('full speed'), 'the row without full speed');

    // Zoomed out, its header narrows: the mark becomes an icon and leaves the title its room; the mouse over the header says it all.
    const zoomOut = (await canvas.frame.waitForSelector('[data-action="zoomOut"]'))!;
    const headers: string[] = [];
    for (let step = 0; step < 8 && !headers.at(-1)?.startsWith('[Slowed] '); step++) {
      await zoomOut.click();
      await new Promise((resolve) => setTimeout(resolve, 300)); // drawn on the next animation frame
      headers.push((await tileOf(form.sessionId))!.headerTitle);
    }
    assert.equal(headers.at(-1), '[Slowed] form', `the title whole beside the icon; zooming out, the header read ${JSON.stringify(headers)}`);
    const narrow = (await tileOf(form.sessionId))!;
    await page.mouse.move(canvas.origin.x + narrow.titleRect.x + narrow.titleRect.width / 2, canvas.origin.y + narrow.titleRect.y + narrow.titleRect.height / 2);
    await waitFor(() => canvas.frame.$eval('.canvas', (element) => /^form\nSlowed: another tile has the keyboard/.test((element as HTMLElement).title)), "the header's tooltip: the title and what Slowed means");
    await (await canvas.frame.waitForSelector('[data-action="zoomToFit"]'))!.click();
    await headerReads(form.sessionId, 'Slowed · form');

    // Hibernate Session, on the row's menu and in the palette (from there, after picking the session): the editor asks first, because of the field typed into.
    assert.ok((await sessionRowMenu(page, 'form')).includes('Hibernate Session (Free Its Memory)'), "on the row's menu");
    await runFromPalette(page, 'Browser Canvas: Hibernate Session (Free Its Memory)');
    await answerQuickInput(page, /Hibernate which session/, []);
    await page.keyboard.type('form');
    await page.keyboard.press('Enter');
    await answerDialog(page, /has form input that is not saved/, 'Hibernate');
    const hibernated = await headerReads(form.sessionId, 'Hibernated · form');
    await waitFor(async () => /^form.*hibernated/.test((await sessionRow(page, 'form')) ?? ''), 'the Sessions view row saying hibernated', 60_000);
    // Its tile keeps its last picture, and nothing new comes: its browser is closed.
    assert.equal(hibernated.placeholder, undefined, 'no placeholder over the picture');
    assert.ok(isBlue(await colourAt(hibernated, 0.5, 0.7)), 'the last picture of the page still shows');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal((await tileOf(form.sessionId))!.framesDrawn, hibernated.framesDrawn, 'no frame drawn while it rests');

    // A click on its tile wakes it: a new page at the same address takes the tile's place, streaming again, unmarked.
    await clickAt(hibernated.pageRect, 0.5, 0.7);
    const woken = await waitFor(async () => {
      const tile = await tileOf(form.sessionId);
      const drawnSince = tile && (tile.tileId === hibernated.tileId ? tile.framesDrawn > hibernated.framesDrawn : tile.framesDrawn > 0);
      return drawnSince && tile.headerTitle === 'form' && tile;
    }, 'the woken session drawing frames, its header unmarked', 90_000);
    assert.equal(woken.url, `${fixtures.url}/form`, 'at the address it had');
    assert.deepEqual([woken.pageRect.x, woken.pageRect.y], [hibernated.pageRect.x, hibernated.pageRect.y], 'in the place of its tile');
    // Its first frames may come before the reopened page has painted.
    await waitFor(async () => isBlue(await colourAt((await tileOf(form.sessionId))!, 0.5, 0.7)), 'its page showing again', 30_000);
    await waitFor(async () => /^form.*running/.test((await sessionRow(page, 'form')) ?? ''), 'the Sessions view row saying running again', 60_000);
    await page.screenshot({ path: path.join(run.dirs.root, 'resource-policy.png') });

    // An awake-session cap of 1 with the other tile focused: the cap never takes the session in use, and
    // asks before it takes the form's, whose typed text Chromium brought back with its page.
    await clickAt((await tileOf(other.sessionId))!.pageRect, 0.5, 0.6);
    await waitFor(async () => (await tileOf(other.sessionId))?.focused, 'the keyboard in the other tile');
    await runFromPalette(page, 'Preferences: Open User Settings');
    await page.waitForSelector('.settings-editor .suggest-input-container', { visible: true });
    await page.keyboard.type('browserCanvas.maxAwakeSessions');
    // The list is drawn again once the search has filtered it: the box is taken from that one.
    const capBox = await waitFor(async () => {
      const found = await page.$$('.settings-editor .setting-item-number input');
      const count = await page.$eval('.settings-editor .settings-count-widget', (widget) => widget.textContent ?? '').catch(() => '');
      return found.length === 1 && /^1 Setting Found/.test(count) && found[0];
    }, 'the awake-session cap in the settings');
    await capBox.click();
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await waitFor(async () => (await capBox.evaluate((input) => (input as HTMLInputElement).value)) === '1', 'the cap set to 1');
    const question = await waitFor(async () => {
      for (const toast of await page.$$('.notification-list-item')) {
        if (/"form" is the next to hibernate.*has form input that is not saved/.test(await toast.evaluate((item) => item.textContent ?? ''))) {
          return toast;
        }
      }
      return undefined;
    }, 'the question about the form session', 60_000);
    for (const button of await question.$$('.monaco-button')) {
      if ((await button.evaluate((element) => element.textContent?.trim())) === 'Keep Awake') {
        await button.click();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.match((await sessionRow(page, 'other')) ?? '', /running/, 'the session in use is not taken');
    assert.match((await sessionRow(page, 'form')) ?? '', /running/, 'kept awake, as answered');
  });
});
