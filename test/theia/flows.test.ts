/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Record and replay in a real Theia, with the commands the README names, as a person uses them: the
// palette, typing in the tile, the questions Stop Recording and Replay Flow ask. The page's title
// (which the tile's header shows) says where it is.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { answerQuickInput, CanvasView, findCanvas } from '../e2e/workbench';
import { startFixtureServer } from '../support/fixtureServer';
import { waitFor } from '../support/waitFor';
import { startTheiaRun, TheiaRun } from './theiaRun';
import { answerTheiaInput, runTheiaCommand } from './theiaViews';

const PASSWORD = 'hunter2';
/** What Theia shows where it finds no OS keychain (no D-Bus secret service, as on this machine). */
const KEPT_IN_MEMORY = /Theia keeps flow secrets in memory here/;

// A sign-in page: a name field across its top quarter, a password field across the next, and below
// them one big Sign In button. Typing says "editing" in the title; signing in names the user only
// with the right password.
const SIGN_IN = `<!doctype html><title>sign in</title>
<style>html,body{margin:0;height:100%;background:#00b000}input{position:absolute;left:0;width:100%;height:25%;box-sizing:border-box;font-size:24px}
#user{top:0}#password{top:25%}#signIn{position:absolute;inset:50% 0 0 0;border:0;background:none}</style>
<input id="user" name="user"><input id="password" name="password" type="password"><button id="signIn">Sign In</button>
<script>for (const field of [user, password]) field.oninput = () => { document.title = 'editing'; };
signIn.onclick = () => { document.title = password.value === '${PASSWORD}' ? 'signed in ' + user.value : 'wrong password'; };</script>`;

describe('Theia: record and replay a flow', function () {
  this.timeout(180_000);
  let run: TheiaRun;
  let canvas: CanvasView;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;

  const title = async () => (await canvas.tiles())[0]?.title;
  /** Clicks a point of the tile's page, given as fractions of its width and height. */
  const clickPage = async (x: number, y: number) => {
    const [tile] = await canvas.tiles();
    await run.page.mouse.click(tile.pageRect.x + canvas.origin.x + tile.pageRect.width * x, tile.pageRect.y + canvas.origin.y + tile.pageRect.height * y);
  };
  const typeInto = async (y: number, text: string) => {
    await clickPage(0.5, y);
    await run.page.keyboard.type(text);
  };
  /** The notifications of this window, as Theia's notification center keeps them (its toasts go after a while). */
  const notices = () => run.page.$$eval('.theia-notification-center .theia-notification-message', (messages) => messages.map((message) => message.textContent ?? ''));
  /** Edits the name in the page, then replays the only flow into the session on the canvas. */
  const replayAfterEditing = async () => {
    await typeInto(1 / 8, ' lovelace');
    await waitFor(async () => (await title()) === 'editing', 'the page changed since the last sign-in');
    await runTheiaCommand(run.page, 'Browser Canvas: Replay Flow…');
    await answerQuickInput(run.page, /Replay which flow\?/, ['Enter']); // the only flow
    await answerQuickInput(run.page, /Replay into which session\?/, ['ArrowDown', 'Enter']); // below New Session: the session on the canvas
  };

  before(async () => {
    fixtures = await startFixtureServer({ '/sign-in': SIGN_IN });
    run = await startTheiaRun('flows', { 'browserCanvas.openOnStartup': `${fixtures.url}/sign-in` });
    canvas = await findCanvas(run.page, 120_000);
    await waitFor(async () => (await canvas.tiles())[0]?.framesDrawn > 0, 'a tile of the sign-in page', 60_000);
  });

  afterEach(async function () {
    await run.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await run?.stop();
    await fixtures?.close();
  });

  it('Record, type in the tile, Stop Recording and Save Flow: the flow saved in the workspace, the password left out', async () => {
    await runTheiaCommand(run.page, 'Browser Canvas: Record');
    await waitFor(async () => (await canvas.tiles())[0]?.recording, 'the tile to show it records');
    await typeInto(1 / 8, 'ada');
    await typeInto(3 / 8, PASSWORD);
    await clickPage(0.5, 3 / 4);
    await waitFor(async () => (await title()) === 'signed in ada', 'the sign-in in the page');
    await runTheiaCommand(run.page, 'Browser Canvas: Stop Recording and Save Flow');
    await answerTheiaInput(run.page, /A name for the flow/, 'Sign in');
    await answerQuickInput(run.page, /Leave typed values out of the flow\?/, []);
    // A click on the row picks it (Enter could come before the list made the row its active item).
    await waitFor(() => run.page.$eval('.quick-input-list .monaco-list-row.focused', (row) => row.textContent?.startsWith('Save as Typed')).catch(() => false), 'Save as Typed shown first');
    await run.page.click('.quick-input-list .monaco-list-row.focused');
    const file = path.join(run.dirs.workspace, '.browser-canvas', 'flows', 'sign-in.json');
    await waitFor(() => existsSync(file), `the flow file ${file}`);
    const text = readFileSync(file, 'utf8');
    const flow = JSON.parse(text) as { steps: Array<{ type: string; value?: string }> };
    assert.ok(flow.steps.some((step) => step.type === 'change' && step.value === 'ada'), text);
    assert.ok(text.includes('{{secret:password}}') && !text.includes(PASSWORD), 'the password is a secret, not in the file');
    // It opens for a look, and its editor takes the keyboard: until then keys for the palette could land there.
    await waitFor(
      () => run.page.evaluate(() => [...document.querySelectorAll('.lm-TabBar-tab.lm-mod-current')].some((tab) => tab.textContent?.includes('sign-in.json')) && !!document.querySelector('.monaco-editor.focused')),
      'the saved flow open in a focused editor',
    );
  });

  it('Replay Flow into the session: asked for the password once, the page reaches the same end', async () => {
    // The saved flow opened in front of the canvas.
    await runTheiaCommand(run.page, 'Browser Canvas: Open Canvas');
    canvas = await findCanvas(run.page);
    await waitFor(async () => (await canvas.tiles()).length === 1 && !(await canvas.tiles())[0].recording, 'the tile, no longer recording');
    await replayAfterEditing();
    await answerTheiaInput(run.page, /password for http:\/\/127\.0\.0\.1:\d+/, PASSWORD);
    canvas = await findCanvas(run.page);
    await waitFor(async () => (await title()) === 'signed in ada', 'the replay to sign in as recorded');
  });

  it('the password kept in Theia\'s secret storage: replayed again without asking; Theia said, once, that it keeps secrets in memory', async () => {
    await waitFor(async () => (await notices()).some((text) => KEPT_IN_MEMORY.test(text)), 'the notice that secrets are kept in memory');
    await replayAfterEditing();
    await waitFor(async () => (await title()) === 'signed in ada', 'the replay to sign in with the stored password');
    assert.equal((await notices()).filter((text) => KEPT_IN_MEMORY.test(text)).length, 1, 'said once in this window');
  });

  it("after Theia's backend stopped and started again: the replay asks for the password again, and Theia's notice says why", async () => {
    await run.restartBackend();
    canvas = await findCanvas(run.page, 120_000);
    await waitFor(async () => (await title()) === 'signed in ada', 'the session back on the canvas', 60_000);
    await replayAfterEditing();
    await answerTheiaInput(run.page, /password for http:\/\/127\.0\.0\.1:\d+/, PASSWORD);
    await waitFor(async () => (await notices()).some((text) => KEPT_IN_MEMORY.test(text)), 'the notice, in this new window');
    canvas = await findCanvas(run.page);
    await waitFor(async () => (await title()) === 'signed in ada', 'the replay to sign in with the password typed again');
  });
});
