/// <reference lib="dom" />
// A session's timeline as the developer uses it in a real extension host: an agent's run saved as a
// flow from a range and replayed with no agent, replayed from an entry, exported as a script; a HAR
// from an entry on; a HAR and a trace saved as entries of the timeline.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Har } from 'har-format';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFlow } from '../../../src/cdp/recorder/flowSchema';
import type { TimelineEntry } from '../../../src/cdp/timeline/timelineEntry';
import type { BrowserCanvasApi } from '../../../src/extension/api';
import { waitFor } from '../../support/waitFor';
import { extensionApi, fixtureUrl } from './context';

const PASSWORD = 'tidal wave 42';
const fixtureSecret = () => ({ origin: new URL(fixtureUrl('/')).origin, name: 'password' });

/** A tool call as an agent makes it, through the editor's language model tools. */
async function tool(name: string, input: Record<string, unknown>): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('\n');
}

const refIn = (text: string, line: RegExp) => {
  const found = text.split('\n').find((candidate) => line.test(candidate));
  assert.ok(found, `no line like ${line} in:\n${text}`);
  return /\[ref=(e\d+)\]/.exec(found)![1];
};

/** What the session's first page shows: where it is, the signup's summary, the form's fields. */
async function pageState(api: BrowserCanvasApi, sessionId: string) {
  const [page] = await api.manager.connection(sessionId)!.pages();
  return page.evaluate(() => {
    const field = (name: string) => document.querySelector<HTMLInputElement>(`[name=${name}]`);
    return { path: location.pathname, summary: document.getElementById('summary')?.textContent ?? null, email: field('email')?.value, plan: field('plan')?.value, terms: field('terms')?.checked };
  });
}

async function signedUp(api: BrowserCanvasApi, sessionId: string): Promise<string> {
  return waitFor(async () => (await pageState(api, sessionId).catch(() => undefined))?.summary || undefined, 'the signup to land on /done');
}

export function defineTimelineTests(): void {
  describe("a session's timeline as a flow, a replay and a script", () => {
    const sessions: string[] = [];
    let sessionId = '';
    /** The agent's actions of the run, by what they did. */
    let run: Record<'navigate' | 'email' | 'password' | 'plan' | 'submit', TimelineEntry>;
    after(async () => {
      const api = await extensionApi();
      for (const id of sessions) {
        await api.manager.terminate(id);
      }
      await api.flowSecrets.forget(fixtureSecret());
    });
    const track = (id: string) => (sessions.includes(id) ? id : (sessions.push(id), id));

    before(async () => {
      // The agent's run through the tool table: typing, a drop-down, clicks, on the fixture's signup form.
      const api = await extensionApi();
      sessionId = track(await vscode.commands.executeCommand<string>('browserCanvas.newSession', { url: fixtureUrl('/signup'), headless: true }));
      await vscode.commands.executeCommand('browserCanvas.handToAgent', { sessionId, instruction: 'sign up Ada for the Team plan' });
      await tool('navigate_page', { session: sessionId, url: fixtureUrl('/signup') }); // a request the network log hears, before the run
      const snapshot = await tool('snapshot_page', { session: sessionId });
      await tool('type_text', { session: sessionId, ref: refIn(snapshot, /textbox "Email"/), text: 'ada@example.com' });
      await tool('type_text', { session: sessionId, ref: refIn(snapshot, /textbox "Password"/), text: PASSWORD });
      await tool('select_option', { session: sessionId, ref: refIn(snapshot, /combobox "Plan"/), option: 'Team' });
      await tool('click_element', { session: sessionId, ref: refIn(snapshot, /checkbox "I accept the terms"/) });
      await tool('click_element', { session: sessionId, ref: refIn(snapshot, /button "Create account"/) });
      await tool('wait_for', { session: sessionId, text: 'Account for' });
      await vscode.commands.executeCommand('browserCanvas.takeBack', sessionId);
      assert.equal(await signedUp(api, sessionId), 'Account for ada@example.com on plan Team');
      const agents = (await api.agent.timeline.entries(sessionId)).filter((entry) => entry.actor === 'agent' && entry.steps.length);
      const [navigate, email, password, plan, , submit] = agents;
      run = { navigate, email, password, plan, submit };
      assert.deepEqual(agents.map((entry) => entry.action), ['navigate', 'type', 'type', 'select', 'click', 'click']);
    });

    it("Save Timeline as Flow saves the agent's run from a range as a flow, the password a secret, that replays into a fresh session with no agent", async () => {
      const api = await extensionApi();
      const file = await vscode.commands.executeCommand<string>('browserCanvas.saveTimelineAsFlow', {
        sessionId,
        fromSeq: run.email.seq,
        toSeq: run.submit.seq,
        title: 'Agent signup',
        open: false,
        placeholders: [{ value: 'ada@example.com', name: 'email' }],
      });
      assert.equal(file, path.join(api.flows.library.folder, 'agent-signup.json'), 'where Save Flow saves, named as it names');
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes(PASSWORD) && !text.includes('ada@example.com'), 'neither the password nor the value left out is in the file');
      assert.deepEqual(
        parseFlow(text).steps.map((step) => step.type),
        ['navigate', 'change', 'change', 'change', 'click', 'click'],
      );
      assert.ok(text.includes('{{secret:password}}') && text.includes('{{email}}'));

      await api.flowSecrets.set(fixtureSecret(), PASSWORD);
      const replayed = await vscode.commands.executeCommand<{ sessionId: string }>('browserCanvas.replayFlow', { flow: 'agent-signup', sessionId: 'new', variables: { email: 'ada@example.com' }, feedback: 'execution' });
      track(replayed.sessionId);
      assert.notEqual(replayed.sessionId, sessionId);
      assert.equal(await signedUp(api, replayed.sessionId), 'Account for ada@example.com on plan Team');
      assert.equal(api.manager.get(replayed.sessionId)?.controller, 'developer', 'no agent took part');
    });

    it('Save Network Log (HAR)… from a timeline entry holds the requests that started after it and not those before', async () => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'bc-har-from-entry-'));
      const paths = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Har).log.entries.map((entry) => new URL(entry.request.url).pathname);
      const whole = path.join(folder, 'whole.har');
      await vscode.commands.executeCommand('browserCanvas.saveNetworkLog', { sessionId, file: whole });
      assert.ok(paths(whole).includes('/signup') && paths(whole).includes('/done'), `the whole log: ${paths(whole).join(', ')}`);
      const fromSubmit = path.join(folder, 'from-submit.har');
      await vscode.commands.executeCommand('browserCanvas.saveNetworkLog', { sessionId, fromSeq: run.submit.seq, file: fromSubmit });
      assert.ok(paths(fromSubmit).includes('/done'), 'the load the submit caused');
      assert.ok(!paths(fromSubmit).includes('/signup'), `nothing from before the submit: ${paths(fromSubmit).join(', ')}`);
      assert.ok(!readFileSync(fromSubmit, 'utf8').includes(encodeURIComponent(PASSWORD).replaceAll('%20', '+')), 'the password in the query is redacted');
    });

    it('a HAR saved and a trace started and stopped are entries of the timeline: the developer, what was saved, its path', async () => {
      const api = await extensionApi();
      const folder = mkdtempSync(path.join(os.tmpdir(), 'bc-timeline-files-'));
      const before = (await api.agent.timeline.entries(sessionId)).at(-1)!.seq;
      const har = path.join(folder, 'session.har');
      const trace = path.join(folder, 'trace.json');
      await vscode.commands.executeCommand('browserCanvas.saveNetworkLog', { sessionId, file: har });
      await vscode.commands.executeCommand('browserCanvas.startPerformanceTrace', sessionId);
      await vscode.commands.executeCommand('browserCanvas.stopPerformanceTrace', { sessionId, file: trace });
      const added = (await api.agent.timeline.entries(sessionId)).filter((entry) => entry.seq > before);
      assert.deepEqual(
        added.map((entry) => [entry.actor, entry.action, entry.file]),
        [
          ['developer', 'saveNetworkLog', har],
          ['developer', 'startPerformanceTrace', undefined],
          ['developer', 'stopPerformanceTrace', trace],
        ],
      );
      assert.ok(existsSync(har) && existsSync(trace));
    });

    it('Replay from Here replays the entries from one to the last into the session, and from one to another into a new session', async () => {
      const api = await extensionApi();
      await api.flowSecrets.set(fixtureSecret(), PASSWORD);
      const whole = await vscode.commands.executeCommand<{ sessionId: string; steps: number }>('browserCanvas.replayFromHere', { sessionId, fromSeq: run.password.seq, into: sessionId, feedback: 'execution' });
      assert.deepEqual(whole, { sessionId, steps: 5 }, 'to /signup, then the password, the plan, the terms, the submit');
      // The page was on /done already, with the email: the summary without it (typed before the entry replayed from) says this replay ran.
      assert.equal(await signedUp(api, sessionId), 'Account for  on plan Team');

      const part = await vscode.commands.executeCommand<{ sessionId: string }>('browserCanvas.replayFromHere', { sessionId, fromSeq: run.email.seq, toSeq: run.plan.seq, into: 'new', feedback: 'execution' });
      track(part.sessionId);
      assert.deepEqual(await pageState(api, part.sessionId), { path: '/signup', summary: null, email: 'ada@example.com', plan: 'Team', terms: false });
    });

    it('Export Timeline Range as Puppeteer Script writes the range as the script Export Flow writes, the password left to fill in', async () => {
      const to = path.join(mkdtempSync(path.join(os.tmpdir(), 'bc-timeline-export-')), 'signup.js');
      const written = await vscode.commands.executeCommand<string>('browserCanvas.exportTimelineRange', { sessionId, fromSeq: run.email.seq, toSeq: run.submit.seq, to });
      assert.equal(written, to);
      const script = readFileSync(to, 'utf8');
      assert.match(script, /^\/\/ Exported from Browser Canvas\. Replace \{\{secret:password\}\} before running\./);
      assert.match(script, /puppeteer\.Locator\.race/);
      assert.match(script, /ada@example\.com/);
      assert.ok(!script.includes(PASSWORD), 'the password is not in the script');
    });
  });
}
