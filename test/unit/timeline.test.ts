/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import { callAgentTool } from '../../src/cdp/agent/toolCall';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { toCallToolResult } from '../../src/cdp/mcp/mcpTools';
import { TIMELINE_GLOBAL } from '../../src/cdp/pageSide/recorderScript';
import type { UserFlow } from '../../src/cdp/recorder/flowSchema';
import { Recordings } from '../../src/cdp/recorder/recordings';
import { DeveloperRecorders } from '../../src/cdp/timeline/developerRecorder';
import type { TimelineEntry } from '../../src/cdp/timeline/timelineEntry';
import { TIMELINE_FILE, Timelines } from '../../src/cdp/timeline/timelines';
import { CROSS_SITE_PAGE, DONE_PAGE, NESTED_PAGE, SIGNUP_PAGE, WIDGET_PAGE } from '../support/agentFixtures';
import { replayInNewWindow } from '../support/flowRuns';
import { makeManager, readLogLines, sessionOnPage, waitFor } from './support';

const PASSWORD = 'correct horse battery';

type AnyStep = { type: string; selectors?: string[][]; value?: string; url?: string; key?: string; frame?: number[] };

/** "developer click", "agent type": who did what, in order. */
const actorsOf = (entries: readonly TimelineEntry[]) => entries.map((entry) => `${entry.actor} ${entry.action}`);

describe('session timeline', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;
  let session: string;

  const refOf = (text: string, line: RegExp) => {
    const found = text.split('\n').find((candidate) => line.test(candidate));
    assert.ok(found, `no line like ${line} in:\n${text}`);
    return /\[ref=(e\d+)\]/.exec(found)![1];
  };
  /** A tool call as the doors make it (the LM tools and MCP both go through callAgentTool). */
  const agent = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> => callAgentTool(browser, findTool(name)!, parseToolInput(name, { session, ...input }));
  const timelineFile = () => path.join(fixture.manager.sessionDir(session), TIMELINE_FILE);

  before(async () => {
    fixture = await sessionOnPage({ '/signup': SIGNUP_PAGE, '/done': DONE_PAGE, '/nested': NESTED_PAGE, '/cross-site': CROSS_SITE_PAGE, '/widget': WIDGET_PAGE }, '/signup');
    session = fixture.sessionId;
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  it('keeps entries in the session folder (0600 in 0700), bounded, numbered on, and reads them back after a restart, skipping a corrupt line', async () => {
    const storage = makeManager(fixture.storageDir);
    const bounded = new Timelines(storage.manager, storage.logs, () => 5);
    try {
      for (let index = 1; index <= 12; index++) {
        await bounded.append(session, { actor: 'developer', action: 'click', steps: [{ type: 'click', selectors: [[`#button${index}`]], offsetX: 1, offsetY: 1 }], page: 'ABCD', url: `${fixture.site.url}/signup`, durationMs: 0, result: 'ok' });
      }
      assert.deepEqual((await bounded.entries(session)).map((entry) => entry.seq), [8, 9, 10, 11, 12], 'the newest five, oldest dropped first');
      const file = timelineFile();
      assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
      assert.equal((await fs.stat(path.dirname(file))).mode & 0o777, 0o700);
      const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
      assert.ok(lines.length <= 7, `the file is rewritten past the bound: ${lines.length} lines`);
      await fs.appendFile(file, '{"seq": 13, "cut short by a cr\nnot json at all\n');
    } finally {
      bounded.dispose();
      storage.dispose();
    }

    // Another window (or the editor restarted): a new manager and store on the same storage.
    const again = makeManager(fixture.storageDir);
    const reread = new Timelines(again.manager, again.logs, () => 5);
    try {
      const entries = await reread.entries(session);
      assert.deepEqual(entries.map((entry) => entry.seq), [8, 9, 10, 11, 12]);
      assert.deepEqual((entries[0].steps[0] as AnyStep).selectors, [['#button8']]);
      const added = await reread.append(session, { actor: 'agent', client: 'mcp:test', action: 'snapshot', steps: [], durationMs: 3, result: 'ok' });
      assert.equal(added?.seq, 13, 'numbering goes on from the file');
      const skipped = (await readLogLines(again.manager.logPath(session))).find((line) => line.event === 'timelineLinesSkipped');
      assert.equal(skipped?.count, 2, 'the two bad lines are logged, not fatal');
    } finally {
      reread.dispose();
      again.dispose();
    }
    await fs.rm(timelineFile()); // the tests below start from an empty timeline
  });

  it("records each agent action once, with the element's selectors, so the run replays as a flow without a model", async () => {
    const start = (await browser.timeline.entries(session)).length;
    await browser.control.handToAgent(session);
    await agent('navigate_page', { url: `${fixture.site.url}/signup` });
    const text = (await agent('snapshot_page', {})).untrusted!.content;
    await agent('type_text', { ref: refOf(text, /textbox "Email"/), text: 'ada@example.com' });
    await agent('type_text', { ref: refOf(text, /textbox "Password"/), text: PASSWORD });
    await agent('select_option', { ref: refOf(text, /combobox "Plan"/), option: 'Team' });
    await agent('click_element', { ref: refOf(text, /checkbox "I accept the terms"/) });
    await agent('click_element', { ref: refOf(text, /button "Create account"/) });
    await agent('wait_for', { text: 'Account for' });
    await assert.rejects(agent('click_element', { selector: '#nothing-here' }));
    await browser.control.takeBack(session);

    const entries = (await browser.timeline.entries(session)).slice(start);
    assert.deepEqual(actorsOf(entries), [
      'developer handToAgent',
      'agent navigate',
      'agent snapshot',
      'agent type',
      'agent type',
      'agent select',
      'agent click',
      'agent click',
      'agent waitFor',
      'agent click',
      'developer takeBack',
    ]);
    assert.equal(entries.at(-2)!.result, 'NOT_FOUND', 'a failed action is an entry with its error code');
    const typed = entries[3].steps[0] as AnyStep;
    assert.equal(typed.type, 'change');
    assert.equal(typed.value, 'ada@example.com');
    assert.ok(typed.selectors!.flat().includes('aria/Email[role="textbox"]'), JSON.stringify(typed.selectors));
    assert.equal((entries[4].steps[0] as AnyStep).value, '{{secret:password}}', 'a password typed stays a placeholder');
    assert.equal(entries[3].page?.length, 4, 'the page short id');
    assert.equal(new URL(entries[3].url!).pathname, '/signup');
    assert.ok(!(await fs.readFile(timelineFile(), 'utf8')).includes(PASSWORD), 'no password in the file');

    // The agent's steps as a flow, in @puppeteer/replay's own runner in a new window: the same end, no model.
    const steps = entries.filter((entry) => entry.actor === 'agent' && entry.result === 'ok').flatMap((entry) => entry.steps);
    const flow = { title: "The agent's signup", steps: steps.map((step) => ((step as AnyStep).value === '{{secret:password}}' ? { ...step, value: PASSWORD } : step)) } as UserFlow;
    await replayInNewWindow(fixture.page.browser(), flow, async (page) => {
      const summary = await waitFor(() => page.evaluate(() => document.getElementById('summary')?.textContent).catch(() => undefined), 'the replayed signup to land');
      assert.equal(summary, 'Account for ada@example.com on plan Team');
    });
  });

  it("records the developer's clicks and typing as developer entries, beside a recording started and stopped, at no cost to it", async () => {
    const { page } = fixture;
    await page.goto(`${fixture.site.url}/signup`);
    const recorders = new DeveloperRecorders(fixture.manager, browser.timeline, fixture.logs);
    const recordings = new Recordings(fixture.manager);
    try {
      await page.waitForFunction((name) => name in globalThis, {}, TIMELINE_GLOBAL);
      const start = (await browser.timeline.entries(session)).length;
      await recordings.start(session);
      await page.click('input[name=email]');
      await page.keyboard.type('bob@example.com');
      await page.click('input[name=terms]');
      const flow = await recordings.stop(session, 'Beside the timeline');
      assert.deepEqual(flow.steps.slice(2).map((step) => step.type), ['click', 'change', 'click'], 'the recording is as it was');
      // After Stop Recording the timeline still hears the page.
      await page.click('input[name=password]');
      const entries = await waitFor(async () => {
        const now = (await browser.timeline.entries(session)).slice(start);
        return now.length >= 4 && now;
      }, 'four developer entries');
      assert.deepEqual(actorsOf(entries), ['developer click', 'developer change', 'developer click', 'developer click']);
      assert.equal((entries[1].steps[0] as AnyStep).value, 'bob@example.com');
      assert.ok((entries[3].steps[0] as AnyStep).selectors!.flat().includes('aria/Password[role="textbox"]'));
      assert.equal(new URL(entries[3].url!).pathname, '/signup');
    } finally {
      recordings.dispose();
      recorders.dispose();
    }
  });

  it('a mixed session: developer, handoff (told once), agent, take back, developer; in order, on disk, no password', async () => {
    const { page } = fixture;
    await page.goto(`${fixture.site.url}/signup`);
    const recorders = new DeveloperRecorders(fixture.manager, browser.timeline, fixture.logs);
    try {
      await page.waitForFunction((name) => name in globalThis, {}, TIMELINE_GLOBAL);
      const start = (await browser.timeline.entries(session)).length;
      // The developer, through CDP input as the tile sends it.
      await page.click('input[name=email]');
      await page.keyboard.type('cy@example.com');
      await page.click('input[name=terms]');
      await waitFor(async () => (await browser.timeline.entries(session)).slice(start).length >= 3 || undefined, "the developer's three entries");

      await browser.control.handToAgent(session, 'finish the signup');
      const first = await agent('snapshot_page', {});
      assert.ok(first.meanwhile, 'the first result after the handoff says what the developer did');
      assert.match(first.meanwhile.content, /#\d+ developer typed "cy@example\.com" into textbox "Email" on \/signup/);
      assert.match(first.meanwhile.content, /developer clicked checkbox "I accept the terms"/);
      assert.doesNotMatch(first.meanwhile.content, /agent|ada@example\.com/, "only the developer's entries since the agent last held the session");
      const mcpText = toCallToolResult(first).content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
      assert.match(mcpText, /<untrusted-[\w-]+>\n(#\d+ .*\n)*#\d+ developer typed "cy@example.com"/, `fenced as page content: ${mcpText}`);
      const text = first.untrusted!.content;
      const second = await agent('type_text', { ref: refOf(text, /textbox "Password"/), text: PASSWORD });
      assert.equal(second.meanwhile, undefined, 'the second result does not repeat it');
      await agent('click_element', { ref: refOf(text, /combobox "Plan"/) });

      const history = await agent('session_history', { last: 4 });
      assert.match(history.text, /The last 4 entries/);
      assert.match(history.untrusted!.content, /developer handed the session to the agent\n#\d+ agent read the page \(snapshot\) on \/signup\n#\d+ agent typed a secret \(\{\{secret:password\}\}\) into textbox "Password" on \/signup\n#\d+ agent clicked combobox "Plan" on \/signup$/);
      await browser.control.takeBack(session);

      await page.click('button[type=submit]');
      const entries = await waitFor(async () => {
        const now = (await browser.timeline.entries(session)).slice(start);
        return now.at(-1)?.action === 'click' && now.at(-1)?.actor === 'developer' && now;
      }, "the developer's click after taking back");
      assert.deepEqual(actorsOf(entries), [
        'developer click',
        'developer change',
        'developer click',
        'developer handToAgent',
        'agent snapshot',
        'agent type',
        'agent click',
        'agent session_history',
        'developer takeBack',
        'developer click',
      ].filter((line) => line !== 'agent session_history'), "the agent's own input is not the developer's");
      assert.ok(entries.every((entry, index) => index === 0 || entry.seq > entries[index - 1].seq), 'numbered in order');

      // Read back from disk, as after an editor restart.
      const again = makeManager(fixture.storageDir);
      const reread = new Timelines(again.manager, again.logs);
      try {
        assert.deepEqual((await reread.entries(session)).slice(-entries.length), entries);
      } finally {
        reread.dispose();
        again.dispose();
      }
      assert.ok(!(await fs.readFile(timelineFile(), 'utf8')).includes(PASSWORD), 'no password in the file');
    } finally {
      recorders.dispose();
    }
  });
  /** Each entry's step replayed on a fresh load of `path` in a new window: the page's title after it. */
  const replayedTitle = async (path: string, entry: TimelineEntry, title: string) => {
    const flow = { title: `Replay of ${entry.action}`, steps: [{ type: 'navigate', url: `${fixture.site.url}${path}` }, ...entry.steps] } as UserFlow;
    await replayInNewWindow(fixture.page.browser(), flow, async (page) => {
      await waitFor(async () => (await page.title()) === title, `"${title}" after replaying ${JSON.stringify(entry.steps)}`);
    });
  };
  const crossSiteWidget = () => waitFor(() => fixture.page.frames().find((frame) => frame.url().endsWith('/widget')), 'the cross-site frame');

  it("records the developer's and the agent's clicks in same-site and cross-site iframes (the developer's with the button's box in the page), and the agent's clicks at a point, as steps that replay", async () => {
    const { page } = fixture;
    const recorders = new DeveloperRecorders(fixture.manager, browser.timeline, fixture.logs);
    const developerClick = async (path: string, frame: () => Promise<import('puppeteer-core').Frame>) => {
      await page.goto(`${fixture.site.url}${path}`);
      const inFrame = await frame();
      await inFrame.waitForFunction((name) => name in globalThis, {}, TIMELINE_GLOBAL);
      const start = (await browser.timeline.entries(session)).length;
      const button = (await (await inFrame.$('button'))!.boundingBox())!; // in the page's viewport, as the thumbnail shows it
      await inFrame.click('button');
      const entry = await waitFor(async () => (await browser.timeline.entries(session)).slice(start).find((candidate) => candidate.action === 'click'), 'the click as an entry');
      const box = entry.target?.box;
      assert.ok(box && [box.x - button.x, box.y - button.y, box.width - button.width, box.height - button.height].every((off) => Math.abs(off) <= 1), `the target box over the button in the frame: ${JSON.stringify(entry.target)} vs ${JSON.stringify(button)}`);
      return entry;
    };
    try {
      const sameSite = await developerClick('/nested', async () => page.mainFrame().childFrames()[0]);
      assert.deepEqual((sameSite.steps[0] as AnyStep).frame, [0], JSON.stringify(sameSite.steps));
      await replayedTitle('/nested', sameSite, 'paid');
      const crossSite = await developerClick('/cross-site', crossSiteWidget);
      assert.deepEqual((crossSite.steps[0] as AnyStep).frame, [0], JSON.stringify(crossSite.steps));
      await replayedTitle('/cross-site', crossSite, 'paid across sites');
    } finally {
      recorders.dispose();
    }

    await browser.control.handToAgent(session);
    try {
      const agentClick = async (path: string, input: () => Promise<Record<string, unknown>>) => {
        await agent('navigate_page', { url: `${fixture.site.url}${path}` });
        const start = (await browser.timeline.entries(session)).length;
        await agent('click_element', await input());
        return (await browser.timeline.entries(session)).slice(start).find((entry) => entry.action === 'click')!;
      };
      const byRef = (name: RegExp) => async () => ({ ref: refOf((await agent('snapshot_page', {})).untrusted!.content, name) });
      const sameSite = await agentClick('/nested', byRef(/button "Pay now"/));
      assert.deepEqual((sameSite.steps[0] as AnyStep).frame, [0], JSON.stringify(sameSite.steps));
      await replayedTitle('/nested', sameSite, 'paid');
      const crossSite = await agentClick('/cross-site', byRef(/button "Pay across sites"/));
      assert.deepEqual((crossSite.steps[0] as AnyStep).frame, [0], JSON.stringify(crossSite.steps));
      await replayedTitle('/cross-site', crossSite, 'paid across sites');

      // At a point: the button under it (inside the same-site frame), at the same offset.
      const atPoint = await agentClick('/nested', async () => {
        const box = (await (await page.mainFrame().childFrames()[0].$('button'))!.boundingBox())!;
        return { x: Math.round(box.x + 5), y: Math.round(box.y + 5) };
      });
      const step = atPoint.steps[0] as AnyStep & { offsetX: number; offsetY: number };
      assert.equal(step?.type, 'click', JSON.stringify(atPoint));
      assert.deepEqual(step.frame, [0]);
      assert.ok(Math.abs(step.offsetX - 5) <= 1 && Math.abs(step.offsetY - 5) <= 1, `offsets in the button: ${step.offsetX}, ${step.offsetY}`);
      await replayedTitle('/nested', atPoint, 'paid');
    } finally {
      await browser.control.takeBack(session);
    }
  });
  it('two windows connected to one session: one developer action is one entry; when the recording window goes, the other records', async () => {
    const { page } = fixture;
    await page.goto(`${fixture.site.url}/signup`);
    const other = makeManager(fixture.storageDir);
    const windows = [
      { manager: fixture.manager, timelines: browser.timeline, logs: fixture.logs },
      { manager: other.manager, timelines: new Timelines(other.manager, other.logs), logs: other.logs },
    ];
    await other.manager.adoptExisting();
    await waitFor(() => other.manager.connection(session)?.isConnected, 'the second window to connect to the session');
    const recorders = windows.map(({ manager, timelines, logs }) => new DeveloperRecorders(manager, timelines, logs));
    // Which window writes: each window hears of the other's entries too (from the file), so its own appends are counted.
    const appended = windows.map(({ timelines }) => {
      const developer: number[] = [];
      const append = timelines.append.bind(timelines);
      timelines.append = async (id, entry) => {
        const kept = await append(id, entry);
        if (kept && entry.actor === 'developer') {
          developer.push(kept.seq);
        }
        return kept;
      };
      return developer;
    });
    const clicks = async () => (await fs.readFile(timelineFile(), 'utf8').catch(() => '')).split('\n').filter((line) => line.includes('"developer"') && line.includes('"click"'));
    try {
      await page.waitForFunction((name) => name in globalThis, {}, TIMELINE_GLOBAL);
      const before = (await clicks()).length;
      await page.click('input[name=terms]');
      await waitFor(async () => (await clicks()).length > before, 'the click in the file');
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500))); // a second writer would have written by now
      const lines = (await clicks()).slice(before);
      assert.equal(lines.length, 1, `one entry for one click: ${lines.join('\n')}`);

      // The window that records closes: the other takes the lease on its next try and records from then on.
      const recording = appended.findIndex((seqs) => seqs.length > 0);
      assert.deepEqual(appended[1 - recording], [], 'the other window wrote nothing');
      recorders[recording].dispose();
      await waitFor(async () => {
        const now = (await clicks()).length;
        await page.click('input[name=terms]');
        return waitFor(async () => (await clicks()).length > now, 'a click recorded', 1_000).catch(() => false);
      }, 'the other window to record', 20_000);
    } finally {
      recorders.forEach((recorder) => recorder.dispose());
      windows[1].timelines.dispose();
      other.dispose();
    }
  });

  it('two writers on one timeline (two windows, or a window and the stdio server): no seq twice, each hears what the other added and shows the pictures the other kept, a line cut short costs nothing after it', async () => {
    const writers = [makeManager(fixture.storageDir), makeManager(fixture.storageDir)];
    const timelines = writers.map(({ manager, logs }) => new Timelines(manager, logs));
    const heard = timelines.map((timeline) => {
      const seqs: number[] = [];
      timeline.onDidAppend((entry) => entry.sessionId === session && seqs.push(entry.seq));
      return seqs;
    });
    try {
      const before = await timelines[0].entries(session);
      await timelines[1].entries(session);
      const added = await Promise.all(
        Array.from({ length: 10 }, (_, index) => timelines[index % 2].append(session, { actor: 'agent', client: `mcp:writer${index % 2}`, action: 'snapshot', steps: [], durationMs: 1, result: 'ok' })),
      );
      const seqs = added.map((entry) => entry!.seq);
      assert.equal(new Set(seqs).size, 10, `each entry its own seq: ${seqs.join(' ')}`);
      const inFile = (await fs.readFile(timelineFile(), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as TimelineEntry).seq);
      assert.deepEqual(inFile.slice(-10), [...seqs].sort((a, b) => a - b), 'the file holds them once each, in seq order');
      await waitFor(() => heard.every((seqs) => seqs.length === 10), 'each writer to hear all ten', 10_000);
      const listed = await Promise.all(timelines.map(async (timeline) => (await timeline.entries(session)).map((entry) => entry.seq)));
      assert.deepEqual(listed[0], listed[1], 'both list the same timeline');
      assert.equal(listed[0].length, before.length + 10);
      // The window whose tile showed the page keeps the picture; the other shows it too.
      assert.equal(await timelines[0].thumbnail(session, seqs[1]), undefined, 'no picture yet');
      const picture = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
      await timelines[1].saveThumbnail(session, seqs[1], picture);
      assert.deepEqual(await timelines[0].thumbnail(session, seqs[1]), picture);

      // A writer that died mid-line: the next entry still starts on a line of its own, and reads back.
      await fs.appendFile(timelineFile(), '{"seq": 9999, "actor": "agent", "cut sh');
      const next = await timelines[0].append(session, { actor: 'developer', action: 'click', steps: [], durationMs: 0, result: 'ok' });
      const reread = makeManager(fixture.storageDir);
      const fresh = new Timelines(reread.manager, reread.logs);
      try {
        assert.equal((await fresh.entries(session)).at(-1)?.seq, next?.seq);
      } finally {
        fresh.dispose();
        reread.dispose();
      }
    } finally {
      timelines.forEach((timeline) => timeline.dispose());
      writers.forEach((writer) => writer.dispose());
    }
  });
});
