/// <reference lib="dom" />
// Record and replay in a real extension host: a session's page recorded from real input and saved
// as a Recorder flow (a typed value made a variable, the password a secret), the Flows view, and
// the replay of that flow by the Replay Flow command, by @browser /replay and by the agent's tool;
// then a Chrome DevTools recording imported, replayed, exported and deleted.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Page } from 'puppeteer-core';
import { parseFlow } from '../../../src/cdp/recorder/flowSchema';
import { RECORDER_GLOBAL } from '../../../src/cdp/pageSide/recorderScript';
import { chooseInCanvasList } from '../../support/flowRuns';
import type { BrowserCanvasApi } from '../../../src/extension/api';
import type { FlowItem } from '../../../src/extension/flows/flowsTree';
import { waitFor } from '../../support/waitFor';
import { ask } from './chat';
import { extensionApi, fixtureUrl } from './context';

const PASSWORD = 'hunter2 hunter2';

/** The fixture site's password, as the secret storage keeps it: for that origin only. */
const fixtureSecret = () => ({ origin: new URL(fixtureUrl('/')).origin, name: 'password' });

/** The signup form's fields as the developer would see them in a session's first page. */
async function form(api: BrowserCanvasApi, sessionId: string) {
  const [page] = await api.manager.connection(sessionId)!.pages();
  return page.evaluate(() => {
    const field = (name: string) => document.querySelector<HTMLInputElement>(`[name=${name}]`);
    return { path: location.pathname, email: field('email')?.value, password: field('password')?.value, terms: field('terms')?.checked };
  });
}

/** What the developer sees at the end of the task: the page, what it says was saved, the popup's result. */
async function taskEnd(api: BrowserCanvasApi, sessionId: string) {
  const [page] = await api.manager.connection(sessionId)!.pages();
  await waitFor(async () => (await page.$eval('#result', (result) => result.textContent).catch(() => '')) !== '', 'the popup form to report back');
  return page.evaluate(() => ({ at: location.pathname + location.search, saved: document.getElementById('saved')?.textContent, result: document.getElementById('result')?.textContent }));
}

/** The popup a page opened, once the recording follows it. */
async function popupOf(page: Page): Promise<Page> {
  const popup = (await (await page.browser().waitForTarget((target) => target.opener() === page.target())).page())!;
  await popup.waitForFunction((name) => name in globalThis, {}, RECORDER_GLOBAL);
  return popup;
}

/**
 * Presses a key in the quick input (Enter or Escape, by its command) until `asked` settles: the box
 * comes up only once the replay reaches the step that needs it, later under load than any fixed wait.
 */
async function pressUntilSettled<T>(command: string, asked: Promise<T>): Promise<T> {
  let settled = false;
  void asked.finally(() => (settled = true)).catch(() => undefined);
  while (!settled) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!settled) {
      await vscode.commands.executeCommand(command);
    }
  }
  return asked;
}

async function flowRows(api: BrowserCanvasApi): Promise<FlowItem[]> {
  return (await api.flows.getChildren()) as FlowItem[];
}

export function defineRecordingTests(): void {
  describe('recording and replaying a flow', () => {
    const sessions: string[] = [];
    // Later phases expect only phase one's sessions.
    after(async () => {
      const api = await extensionApi();
      for (const id of sessions) {
        await api.manager.terminate(id);
      }
      await api.flowSecrets.forget(fixtureSecret());
    });
    const newSession = async (url: string) => {
      const id = await vscode.commands.executeCommand<string>('browserCanvas.newSession', { url, headless: true });
      sessions.push(id);
      return id;
    };
    const replay = async (args: Record<string, unknown>) => {
      const result = await vscode.commands.executeCommand<{ sessionId: string; steps: number }>('browserCanvas.replayFlow', { feedback: 'execution', ...args });
      if (!sessions.includes(result.sessionId)) {
        sessions.push(result.sessionId);
      }
      return result;
    };

    it('Record, then Stop Recording saves what the developer did as a flow, a typed value as a variable and the password as a secret', async () => {
      const api = await extensionApi();
      const sessionId = await newSession(fixtureUrl('/signup'));
      await vscode.commands.executeCommand('browserCanvas.startRecording', { sessionId });
      const [page] = await api.manager.connection(sessionId)!.pages();
      await page.click('input[name=email]');
      await page.keyboard.type('grace@example.com');
      await page.click('input[name=password]');
      await page.keyboard.type(PASSWORD);
      await page.click('input[name=terms]');
      const file = await vscode.commands.executeCommand<string>('browserCanvas.stopRecording', {
        sessionId,
        title: 'Sign up Grace',
        open: false,
        placeholders: [{ value: 'grace@example.com', name: 'email' }],
      });
      const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
      assert.equal(file, path.join(workspace, '.browser-canvas/flows/sign-up-grace.json'));
      const text = readFileSync(file, 'utf8');
      const flow = parseFlow(text);
      // Chrome DevTools' Recorder and @puppeteer/replay show the title: it names the secret they must fill in.
      assert.equal(flow.title, 'Sign up Grace (replace {{secret:password}} first, or replay in Browser Canvas)');
      assert.ok(!text.includes(PASSWORD) && !text.includes('grace@example.com'), 'neither the password nor the chosen value is in the file');
      assert.ok(text.includes('{{secret:password}}') && text.includes('{{email}}'));
      assert.deepEqual(
        flow.steps.map((step) => step.type),
        ['setViewport', 'navigate', 'click', 'change', 'click', 'change', 'click'],
      );
      const rows = await flowRows(api);
      assert.deepEqual(
        rows.map((row) => [row.label, row.description, row.contextValue]),
        [['Sign up Grace', '7 steps · {{email}} {{secret:password}}', 'flow']],
      );
    });

    it('Replay Flow offers the value recorded for a variable: Enter replays it', async () => {
      const api = await extensionApi();
      await api.flowSecrets.set(fixtureSecret(), PASSWORD);
      // No variables given: it asks, and Enter takes the value offered.
      const { sessionId } = await pressUntilSettled('workbench.action.acceptSelectedQuickOpenItem', replay({ flow: 'sign-up-grace', sessionId: 'new' }));
      assert.equal((await form(api, sessionId)).email, 'grace@example.com');
    });

    it('Replay Flow replays it into a new session with the variable given and the secret from the secret storage', async () => {
      const api = await extensionApi();
      await api.flowSecrets.set(fixtureSecret(), PASSWORD);
      const { sessionId, steps } = await replay({ flow: 'sign-up-grace', sessionId: 'new', variables: { email: 'lin@example.com' } });
      assert.equal(steps, 7);
      assert.deepEqual(await form(api, sessionId), { path: '/signup', email: 'lin@example.com', password: PASSWORD, terms: true });
      const log = readFileSync(api.manager.logPath(sessionId), 'utf8');
      const lines = log.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(lines.filter((line) => line.event === 'replayStep').map((line) => [line.sessionId, line.step]), [1, 2, 3, 4, 5, 6, 7].map((step) => [sessionId, step]));
      assert.ok(!log.includes(PASSWORD), 'the secret is in no log');
    });

    it('never types a stored secret into another site: there it asks, and Escape stops the replay', async () => {
      const api = await extensionApi();
      await api.flowSecrets.set(fixtureSecret(), PASSWORD);
      // The same fixture server under another name is another origin.
      const elsewhere = fixtureUrl('/signup').replace('127.0.0.1', 'localhost');
      const flow = { title: 'Elsewhere', steps: [{ type: 'navigate', url: elsewhere }, { type: 'change', selectors: [['input[name="password"]']], value: '{{secret:password}}' }] };
      writeFileSync(path.join(api.flows.library.folder, 'elsewhere.json'), JSON.stringify(flow));
      const sessionId = await newSession('about:blank');
      const replayed = Promise.resolve(vscode.commands.executeCommand('browserCanvas.replayFlow', { flow: 'elsewhere', sessionId, feedback: 'execution' })).then(
        () => 'replayed',
        (error: unknown) => String(error),
      );
      const [page] = await api.manager.connection(sessionId)!.pages();
      await waitFor(async () => page.url() === elsewhere, 'the flow to reach the other origin');
      assert.match(await pressUntilSettled('workbench.action.closeQuickOpen', replayed), /needs the secret password for http:\/\/localhost:\d+, and none was given/);
      assert.equal(await page.$eval('input[name=password]', (input) => (input as HTMLInputElement).value), '', 'nothing was typed');
      await vscode.commands.executeCommand('browserCanvas.deleteFlow', { flow: 'elsewhere', confirm: false });
    });

    it('@browser /replay runs it in the current session, and the agent runs it through run_flow once handed the session', async () => {
      const api = await extensionApi();
      const sessionId = await newSession(fixtureUrl('/signup'));
      const listed = (await ask(api, { command: 'replay', prompt: '' })).markdown.join('');
      assert.match(listed, /- sign-up-grace: "Sign up Grace", 7 steps; needs variables email; secrets password/);
      // The chat acts on the focused tile's session, else the newest live one: this one.
      const said = await ask(api, { command: 'replay', prompt: 'sign-up-grace email=chat@example.com' });
      assert.match(said.markdown.join(''), /Replayed "Sign up Grace" \(7 steps\)/);
      assert.equal((await form(api, sessionId)).email, 'chat@example.com');

      const runFlow = async () => {
        const result = await vscode.lm.invokeTool('run_flow', { input: { session: sessionId, flow: 'sign-up-grace', variables: { email: 'agent@example.com' } }, toolInvocationToken: undefined });
        return (result.content[0] as vscode.LanguageModelTextPart).value;
      };
      assert.match(await runFlow(), /^Error: .*Ask the developer to hand it to you/);
      assert.equal((await form(api, sessionId)).email, 'chat@example.com', 'the refused replay changed nothing');
      await vscode.commands.executeCommand('browserCanvas.handToAgent', { sessionId, instruction: 'sign up again' });
      assert.match(await runFlow(), /^Replayed "Sign up Grace"/);
      assert.equal((await form(api, sessionId)).email, 'agent@example.com');
      await vscode.commands.executeCommand('browserCanvas.takeBack', sessionId);
    });

    it('imports a Chrome DevTools recording, replays it to the same end, exports it as a Puppeteer script and deletes it', async () => {
      const api = await extensionApi();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-import-'));
      const exported = path.join(dir, 'Recording 21-11-2026.json');
      const fixture = await (await fetch(fixtureUrl('/devtools-recording.json'))).text(); // test/fixtures, served by the runner
      writeFileSync(exported, fixture.replaceAll('http://127.0.0.1:8080', new URL(fixtureUrl('/')).origin));
      const file = await vscode.commands.executeCommand<string>('browserCanvas.importFlow', { flow: exported });
      assert.equal(path.basename(file), 'sign-up-for-pro.json');
      assert.ok((await flowRows(api)).some((row) => row.label === 'Sign up for Pro'), 'the Flows view lists it');

      const { sessionId } = await replay({ flow: 'sign-up-for-pro', sessionId: 'new' });
      const [page] = await api.manager.connection(sessionId)!.pages();
      assert.equal(await page.evaluate(() => document.getElementById('summary')?.textContent), 'Account for ada@example.com on plan Pro');

      const script = await vscode.commands.executeCommand<string>('browserCanvas.exportFlow', { flow: 'sign-up-for-pro', to: path.join(dir, 'sign-up.js') });
      assert.match(readFileSync(script, 'utf8'), /puppeteer\.Locator\.race/);
      assert.equal(await vscode.commands.executeCommand('browserCanvas.deleteFlow', { flow: 'sign-up-for-pro', confirm: false }), true);
      assert.ok(!existsSync(file));
      assert.ok(!(await flowRows(api)).some((row) => row.label === 'Sign up for Pro'), 'gone from the Flows view');
    });

    it('records a task across pages (a login, a drop-down and a checkbox, a navigation, a popup) and replays it into a fresh session to the same end', async () => {
      const api = await extensionApi();
      await api.flowSecrets.forget(fixtureSecret());
      const recordedIn = await newSession(fixtureUrl('/login'));
      await vscode.commands.executeCommand('browserCanvas.startRecording', { sessionId: recordedIn });
      const [page] = await api.manager.connection(recordedIn)!.pages();
      await page.click('input[name=user]');
      await page.keyboard.type('ada');
      await page.click('input[name=password]');
      await page.keyboard.type('correct horse');
      await Promise.all([page.waitForNavigation(), page.click('button')]);
      assert.ok(await chooseInCanvasList(page, 1), 'Green chosen in the canvas list');
      await page.click('input[name=news]');
      await Promise.all([page.waitForNavigation(), page.click('#save')]);
      await page.click('a');
      const popup = await popupOf(page);
      await popup.click('input[name=name]');
      await popup.keyboard.type('Ada');
      await Promise.all([popup.waitForNavigation(), popup.click('button')]);
      const recordedEnd = await taskEnd(api, recordedIn);
      assert.deepEqual(recordedEnd, { at: '/saved?colour=green&news=true', saved: 'ada likes green, with news', result: 'Signed up Ada' });
      const file = await vscode.commands.executeCommand<string>('browserCanvas.stopRecording', { sessionId: recordedIn, title: 'Preferences task', open: false, placeholders: [] });
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes('correct horse'), 'the saved flow holds no password');
      const flow = parseFlow(text);
      assert.ok(flow.steps.some((step) => step.target === fixtureUrl('/popup-form')), 'the popup steps name their page');

      // A fresh browser: no login in it; the password comes from the secret storage.
      await api.flowSecrets.set(fixtureSecret(), 'correct horse');
      const { sessionId } = await replay({ flow: path.basename(file, '.json'), sessionId: 'new' });
      assert.notEqual(api.manager.get(sessionId)?.profileDir, api.manager.get(recordedIn)?.profileDir);
      assert.deepEqual(await taskEnd(api, sessionId), recordedEnd);
    });

    it('says which step of a malformed flow file is wrong, and replays nothing', async () => {
      const api = await extensionApi();
      writeFileSync(path.join(api.flows.library.folder, 'broken.json'), JSON.stringify({ title: 'Broken', steps: [{ type: 'navigate', url: fixtureUrl('/signup') }, { type: 'teleport' }] }));
      const row = (await flowRows(api)).find((candidate) => candidate.entry.name === 'broken');
      assert.equal(row?.description, 'cannot be replayed');
      const before = api.manager.list().length;
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('browserCanvas.replayFlow', { flow: 'broken', sessionId: 'new' })), /broken\.json: Step 2 \(teleport\): type: is not a step type a replay knows/);
      assert.equal(api.manager.list().length, before, 'no session was started for it');
      await vscode.commands.executeCommand('browserCanvas.deleteFlow', { flow: 'broken', confirm: false });
    });
  });
}
