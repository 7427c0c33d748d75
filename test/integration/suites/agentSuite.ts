// The agent in a real extension host: @browser's slash commands with no model, our tools through
// vscode.lm.invokeTool, and a scripted language model (registered by the test extension through the
// editor's provider API) driving a handed-over session through the participant's tool loop.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BrowserCanvasApi } from '../../../src/extension/api';
import { lastToolResults, SCRIPTED_VENDOR, turn, useScript } from '../hostRunner/scriptedModel';
import { waitFor } from '../../support/waitFor';
import { ask, startAsking } from './chat';
import { extensionApi, fixtureUrl } from './context';

/**
 * The model's wait_for call was shown as progress, so the tool is being called: half a second more
 * and it waits on the page. (A fixed pause from the request's start lost the race to a slow model turn.)
 */
async function waitUnderWay(said: { readonly progress: readonly string[] }): Promise<void> {
  await waitFor(() => said.progress.length > 0, 'the tool call shown as progress');
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const refIn = (text: string, line: RegExp) => {
  const found = text.split('\n').find((candidate) => line.test(candidate));
  assert.ok(found, `no line like ${line} in:\n${text}`);
  return /\[ref=(e\d+)\]/.exec(found)![1];
};

export function defineAgentTests(): void {
  describe('the agent in the editor', () => {
    let sessionId = '';
    // The later phases expect only the sessions phase one made.
    after(async () => {
      useScript(undefined);
      if (sessionId) {
        await (await extensionApi()).manager.terminate(sessionId);
      }
    });
    const summary = async (api: BrowserCanvasApi) => {
      const [page] = await api.manager.connection(sessionId)!.pages();
      return page.evaluate(() => document.getElementById('summary')?.textContent ?? document.title);
    };

    it('@browser slash commands open a page, read it and act in it with no language model at all', async () => {
      const api = await extensionApi();
      const opened = await ask(api, { command: 'open', prompt: fixtureUrl('/signup') });
      assert.match(opened.markdown.join(''), /Opened session/);
      sessionId = api.manager.list().at(-1)!.id;
      assert.equal(api.manager.get(sessionId)?.controller, 'developer', 'a session the developer opens is theirs');
      const snapshot = (await ask(api, { command: 'snapshot', prompt: '' })).markdown.join('');
      await ask(api, { command: 'type', prompt: `${refIn(snapshot, /textbox "Email"/)} first@example.com` });
      const [page] = await api.manager.connection(sessionId)!.pages();
      assert.equal(await page.$eval('input[name=email]', (input) => (input as HTMLInputElement).value), 'first@example.com');
      assert.match((await ask(api, { command: 'sessions', prompt: '' })).markdown.join(''), new RegExp(`session ${sessionId} .*held by the developer`));
    });

    it('@browser puts the elements the developer pointed at in front of the model, before their request, once', async () => {
      const api = await extensionApi();
      api.agent.control.addNote(sessionId, { pageId: 'p1', element: { label: 'textbox "Email"', selectors: [['input[name=email]']] }, note: 'use my work address' });
      const asked: string[] = [];
      useScript((conversation) => {
        asked.push(conversation.map((message) => message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('\n')).join('\n---\n'));
        return { text: 'Noted.' };
      });
      const [model] = await vscode.lm.selectChatModels({ vendor: SCRIPTED_VENDOR });
      await ask(api, { prompt: 'Fill the form', model });
      await ask(api, { prompt: 'And again', model });
      const [first, second] = asked;
      assert.match(first, new RegExp(`In session ${sessionId} \\(held by the developer\\), the developer points at elements for you \\(what each is, below\\): 1\\. "use my work address"\n<(untrusted-[\\w-]+)>[\\s\\S]*note 1: page p1, textbox "Email"; selector "input\\[name=email\\]"[\\s\\S]*</\\1>\n---\nFill the form$`));
      assert.doesNotMatch(second, /\n---\nIn session /, 'once (the sessions listing still names the notes, as list_sessions does)');
      useScript(undefined);
    });

    it("the palette's Show Page Snapshot and Take Screenshot of Page do /snapshot's and /screenshot's jobs where chat cannot run", async () => {
      await vscode.commands.executeCommand('browserCanvas.snapshotPage', sessionId);
      const snapshot = await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'yaml' && vscode.window.activeTextEditor.document, 'the snapshot in an editor');
      assert.match(snapshot.getText(), /textbox "Email"/, 'the page as the agent reads it');
      assert.equal(snapshot.uri.scheme, 'browser-canvas-snapshot', 'a read-only document: nothing is written for it, closing it asks nothing');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      await vscode.commands.executeCommand('browserCanvas.screenshotPage', sessionId);
      const shown = await waitFor(() => {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return input instanceof vscode.TabInputCustom && input.uri.path.endsWith('.png') && input.uri;
      }, 'the screenshot open in the editor');
      const bytes = await vscode.workspace.fs.readFile(shown);
      assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')], 'a PNG image');
      assert.equal(statSync(shown.fsPath).mode & 0o777, 0o600, 'readable by its owner only');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('Save Network Log (HAR) and Record / Stop Performance Trace write files DevTools opens, readable by their owner only', async () => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'bc-devtools-files-'));
      const [page] = await (await extensionApi()).manager.connection(sessionId)!.pages();
      await page.reload({ waitUntil: 'load' }); // a request the log heard
      const har = path.join(folder, 'signup.har');
      await vscode.commands.executeCommand('browserCanvas.saveNetworkLog', { sessionId, sinceMinutes: 5, file: har });
      const log = JSON.parse(readFileSync(har, 'utf8'));
      assert.equal(log.log.version, '1.2');
      const urls = log.log.entries.map((entry: { request: { url: string } }) => entry.request.url);
      assert.ok(urls.includes(page.url()), `the reload of ${page.url()} is in it: ${urls.join(', ')}`);
      assert.equal(statSync(har).mode & 0o777, 0o600);

      await vscode.commands.executeCommand('browserCanvas.startPerformanceTrace', sessionId);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      const trace = path.join(folder, 'signup.json');
      await vscode.commands.executeCommand('browserCanvas.stopPerformanceTrace', { sessionId, file: trace });
      const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents as Array<{ name: string }>;
      assert.ok(events.some((event) => event.name === 'TracingStartedInBrowser'), 'a Performance panel trace');
      assert.equal(statSync(trace).mode & 0o777, 0o600);
    });

    it('refuses a tool call on a session the developer holds, and tells the model to ask for a handoff', async () => {
      const result = await vscode.lm.invokeTool('click_element', { input: { session: sessionId, selector: 'button' }, toolInvocationToken: undefined });
      const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
      assert.match(text, /held by the developer.*Ask the developer to hand it to you/s);
    });

    it('after Hand to Agent, a model completes the form through our tools and hands the session back', async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('browserCanvas.handToAgent', { sessionId, instruction: 'Sign up for the Pro plan' });
      assert.equal(api.manager.get(sessionId)?.controller, 'agent');
      let snapshot = '';
      useScript((conversation) => {
        const results = lastToolResults(conversation);
        switch (turn(conversation)) {
          case 0:
            return { text: 'Looking at the sessions.', toolCalls: [{ name: 'list_sessions', input: {} }] };
          case 1:
            assert.match(results, /held by the agent; the developer asks: "Sign up for the Pro plan"/);
            return { toolCalls: [{ name: 'snapshot_page', input: { session: sessionId } }] };
          case 2:
            snapshot = results;
            assert.match(results, /<(untrusted-[\w-]{11})>\ntitle: [\s\S]*<\/\1>/);
            return {
              toolCalls: [
                { name: 'type_text', input: { session: sessionId, ref: refIn(results, /textbox "Email"/), text: 'ada@example.com', clear: true } },
                { name: 'type_text', input: { session: sessionId, ref: refIn(results, /textbox "Password"/), text: 'correct horse' } },
                { name: 'select_option', input: { session: sessionId, ref: refIn(results, /combobox "Plan"/), option: 'Pro' } },
                { name: 'click_element', input: { session: sessionId, ref: refIn(results, /checkbox "I accept the terms"/) } },
                { name: 'click_element', input: { session: sessionId, ref: refIn(results, /button "Create account"/) } },
              ],
            };
          case 3:
            return { toolCalls: [{ name: 'wait_for', input: { session: sessionId, text: 'Account for' } }] };
          case 4:
            assert.match(results, /is there/);
            return { toolCalls: [{ name: 'hand_back', input: { session: sessionId, message: 'Signed up; please check the welcome page.' } }] };
          default:
            return { text: 'Done: the account is on the Pro plan.' };
        }
      });
      const [model] = await vscode.lm.selectChatModels({ vendor: SCRIPTED_VENDOR });
      assert.ok(model, 'the scripted model is registered');
      const said = await ask(api, { prompt: 'Sign me up for the Pro plan', model });
      assert.equal(await summary(api), 'Account for ada@example.com on plan Pro');
      assert.ok(snapshot, 'the model saw a snapshot');
      assert.ok(said.progress.some((line) => /^Clicking e\d+ in session /.test(line)), `progress: ${said.progress.join(' | ')}`);
      assert.ok(!said.progress.join(' ').includes('correct horse'), 'typed text is not shown as progress');
      assert.match(said.markdown.join(''), /Done: the account is on the Pro plan/);
      assert.deepEqual(said.buttons, [`Show ${api.manager.get(sessionId)!.label} on the Canvas`]);
      assert.equal(api.manager.get(sessionId)?.controller, 'developer', 'hand_back gave the session back');
    });

    it('Take Back stops the action the model is waiting on, and the model is told why', async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('browserCanvas.handToAgent', { sessionId });
      let toldAfterTakeBack = '';
      useScript((conversation) => {
        if (turn(conversation) === 0) {
          return { toolCalls: [{ name: 'wait_for', input: { session: sessionId, text: 'never on this page', timeoutMs: 30_000 } }] };
        }
        toldAfterTakeBack = lastToolResults(conversation);
        return { text: 'Understood, I stopped.' };
      });
      const [model] = await vscode.lm.selectChatModels({ vendor: SCRIPTED_VENDOR });
      const run = startAsking(api, { prompt: 'Wait for the confirmation', model });
      await waitUnderWay(run.said);
      const takenAt = Date.now();
      await vscode.commands.executeCommand('browserCanvas.takeBack', sessionId);
      await run.done;
      const stoppedAfterMs = Date.now() - takenAt;
      assert.match(toldAfterTakeBack, /took the session back/);
      assert.ok(stoppedAfterMs < 5_000, `the wait stopped ${stoppedAfterMs} ms after Take Back, not at its own 30 s timeout`);
      assert.equal(api.manager.get(sessionId)?.controller, 'developer');
    });

    it('cancelling the chat request stops the action in flight, and the session stays with the agent', async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('browserCanvas.handToAgent', { sessionId });
      useScript((conversation) =>
        turn(conversation) === 0 ? { toolCalls: [{ name: 'wait_for', input: { session: sessionId, text: 'never on this page', timeoutMs: 30_000 } }] } : { text: 'Still here.' },
      );
      const [model] = await vscode.lm.selectChatModels({ vendor: SCRIPTED_VENDOR });
      const cancellation = new vscode.CancellationTokenSource();
      const run = startAsking(api, { prompt: 'Wait for the confirmation', model }, cancellation.token);
      await waitUnderWay(run.said);
      const cancelledAt = Date.now();
      cancellation.cancel();
      const said = await run.done;
      assert.ok(Date.now() - cancelledAt < 5_000, 'the wait stopped with the request, not at its own 30 s timeout');
      assert.match(said.markdown.join(''), /Stopped\./);
      assert.equal(api.manager.get(sessionId)?.controller, 'agent', 'cancelling a request is not taking the session back');
      await vscode.commands.executeCommand('browserCanvas.takeBack', sessionId);
    });

    it('after Take Back the tools refuse the session again', async () => {
      await waitFor(async () => {
        const result = await vscode.lm.invokeTool('press_key', { input: { session: sessionId, key: 'Enter' }, toolInvocationToken: undefined });
        return result.content.some((part) => part instanceof vscode.LanguageModelTextPart && /held by the developer/.test(part.value));
      }, 'the refusal');
    });
  });
}
