// The Sessions view and its actions in a real Theia, used as a person would: its welcome buttons,
// the title bar's Attach, a row's context menu, the palette and the Output view.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { answerQuickInput, findCanvas, runFromPalette } from '../e2e/workbench';
import { startDebuggingBrowser } from '../support/debuggingBrowser';
import { startFixtureServer } from '../support/fixtureServer';
import { waitFor } from '../support/waitFor';
import { startTheiaRun, TheiaRun } from './theiaRun';
import { answerTheiaDialog, answerTheiaInput, clickViewAction, clickWelcomeButton, openBrowserCanvasSidebar, outputText, pickFromRowMenu, viewRows, viewText } from './theiaViews';

const page = (title: string, colour: string) => `<!doctype html><title>${title}</title><style>html,body{margin:0;height:100%;background:${colour}}</style>`;

describe('Theia: the Sessions view and its actions', function () {
  this.timeout(180_000);
  let run: TheiaRun;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;
  let attached: Awaited<ReturnType<typeof startDebuggingBrowser>>;

  before(async () => {
    fixtures = await startFixtureServer({ '/green': page('green page', '#00b000'), '/blue': page('blue page', '#0000c0') });
    run = await startTheiaRun('sessions');
  });

  afterEach(async function () {
    await run.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await run?.stop();
    await attached?.close();
    await fixtures?.close();
  });

  it('welcomes with its buttons while there is no session', async () => {
    await openBrowserCanvasSidebar(run.page);
    await waitFor(async () => /No browser sessions yet/.test(await viewText(run.page, 'Sessions')), 'the welcome text', 90_000);
    assert.match(await viewText(run.page, 'Sessions'), /New Session[\s\S]*Attach to Browser Endpoint/);
  });

  it('New Session from the welcome: the view lists the session, the canvas shows its page', async () => {
    await clickWelcomeButton(run.page, 'Sessions', 'New Session');
    await answerQuickInput(run.page, /New Browser Session[\s\S]*Headless/, ['Enter']);
    await answerTheiaInput(run.page, /Start page/, `${fixtures.url}/green`);
    await waitFor(async () => (await viewRows(run.page, 'Sessions')).some((row) => /^green page\s*running/.test(row)), 'the running session in the view', 90_000);
    const canvas = await findCanvas(run.page);
    await waitFor(async () => (await canvas.tiles()).some((tile) => tile.title === 'green page' && tile.framesDrawn > 0), 'a tile of the green page');
  });

  it('Attach to Browser Endpoint (a Chromium started with a debugging port): listed, and a tile of its page', async () => {
    attached = await startDebuggingBrowser(path.join(run.dirs.root, 'debugging-browser'), `${fixtures.url}/blue`);
    await clickViewAction(run.page, 'Sessions', 'Attach to Browser Endpoint…');
    await answerTheiaInput(run.page, /debugging address/, attached.httpUrl);
    await waitFor(async () => (await viewRows(run.page, 'Sessions')).some((row) => /attached/.test(row)), 'the attached session in the view', 90_000);
    const canvas = await findCanvas(run.page);
    await waitFor(async () => (await canvas.tiles()).some((tile) => tile.title === 'blue page' && tile.framesDrawn > 0), 'a tile of the blue page');
  });

  it("Terminate Session from the row's menu: the session leaves the view and its tile the canvas", async () => {
    await pickFromRowMenu(run.page, 'Sessions', 'green page', 'Terminate Session');
    await answerTheiaDialog(run.page, /Terminate session "green page"\?/, 'Terminate');
    await waitFor(async () => !(await viewRows(run.page, 'Sessions')).some((row) => /^green page\s*running/.test(row)), 'the green session gone from the view');
    const canvas = await findCanvas(run.page);
    await waitFor(async () => (await canvas.tiles()).every((tile) => tile.title !== 'green page'), 'the green tile gone');
    assert.ok((await canvas.tiles()).some((tile) => tile.title === 'blue page'), 'the attached browser keeps its tile');
  });

  it('Show Logs from the palette: Output "Browser Canvas" shows the sessions\' log lines', async () => {
    await runFromPalette(run.page, 'Browser Canvas: Show Logs');
    // The launched session's lines (it ran, then Terminate ended it) and the attached browser's.
    const launched = await waitFor(async () => /Session \S+ \((\w+)\) is running\./.exec(await outputText(run.page))?.[1], 'the launched session in the Output view');
    await waitFor(async () => (await outputText(run.page)).includes(`[${launched}] session ended`), 'its end in the Output view');
    assert.match(await outputText(run.page), /\[\w+\] attached to browser/);
  });
});
