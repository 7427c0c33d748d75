/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { Target } from 'puppeteer-core';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { isAgentError } from '../../src/cdp/action/agentError';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import { describeInvocation, invocationOrigin } from '../../src/cdp/agent/invocationText';
import { matchPage, shortPageId } from '../../src/cdp/agent/pageIds';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { LivePages } from '../../src/cdp/livePages';
import { targetIdOf } from '../../src/cdp/target/targetId';
import { sessionOnPage, waitFor } from './support';

// Pages the agent opens, finds by short id, chooses, and closes; popups named in the result of the action that opened them.
const START_PAGE = `<!doctype html><title>Start</title>
<a href="/docs" target="_blank">Read the docs</a>
<button onclick="window.open('/help')">Open help</button>
<button id="later" onclick="setTimeout(() => window.open('/help?later'))">Open help later</button>
<form action="/docs" target="_blank"><label>Search <input name="q"></label></form>`;
const DOCS_PAGE = '<!doctype html><title>Docs</title><h1>Docs</h1>';
const HELP_PAGE = '<!doctype html><title>Help</title><h1>Help</h1>';
/** Asks before it closes once someone has typed into it (Chromium asks only after a user's input). */
const DRAFT_PAGE = `<!doctype html><title>Draft</title><label>Note <input id="note"></label>
<script>addEventListener('beforeunload', (event) => { if (document.getElementById('note').value) { event.preventDefault(); event.returnValue = ''; } });</script>`;

describe('agent pages by id', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;
  let session: string;
  const denied = 'localhost';

  const call = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> => findTool(name)!.run(browser, parseToolInput(name, { session, ...input }) as never);
  const pageTargets = () => fixture.manager.connection(session)!.pageTargets;
  /** The page ids list_pages gives, in its order. */
  const listedIds = async () => /has \d+ pages?: (.*)\. Each/.exec((await call('list_pages', {})).text)![1].split(', ').map((entry) => entry.split(' ')[0]);
  const openedBy = (output: ToolOutput) => /It opened a new page, ([0-9A-F]{4,32}): pass page "\1"/.exec(output.text)?.[1];
  const titleOf = async (page?: string) => /title: "(.*)"/.exec((await call('snapshot_page', page ? { page } : {})).untrusted!.content)?.[1];

  before(async () => {
    fixture = await sessionOnPage({ '/start': START_PAGE, '/docs': DOCS_PAGE, '/help': HELP_PAGE, '/draft': DRAFT_PAGE, '/old-draft': { redirect: '/draft' } }, '/start');
    session = fixture.sessionId;
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [denied] }) });
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  it('refuses every page tool on a session the developer holds, and opens or closes nothing', async () => {
    const only = targetIdOf(pageTargets()[0]);
    for (const [name, input] of [
      ['list_pages', {}],
      ['select_page', { page: only }],
      ['new_page', { url: `${fixture.site.url}/docs` }],
      ['close_page', { page: only }],
    ] as const) {
      await assert.rejects(call(name, input), (error) => isAgentError(error, 'DEVELOPER_HOLDS'), name);
    }
    assert.deepEqual(pageTargets().map(targetIdOf), [only]);
  });

  it('names pages by short ids that every page tool takes, as do the full target id and any case', async () => {
    await browser.control.handToAgent(session);
    const listed = await call('list_pages', {});
    const [id] = await listedIds();
    const full = targetIdOf(pageTargets()[0]);
    assert.equal(id, full.slice(0, 4), 'the shortest unique prefix, 4 characters at least');
    assert.match(listed.text, new RegExp(`has 1 page: ${id} \\(default\\)\\. Each page's title and address are below\\.`));
    assert.match(listed.untrusted!.content, new RegExp(`^page ${id}: "Start" at ${fixture.site.url}/start$`), 'titles and addresses are fenced as page text');
    assert.match((await findTool('list_sessions')!.run(browser, {} as never)).text, new RegExp(`pages ${id}$`, 'm'));
    for (const page of [id, full, id.toLowerCase()]) {
      assert.match((await call('snapshot_page', { page })).text, new RegExp(`^Page ${id}:`));
    }
    await assert.rejects(call('snapshot_page', { page: 'p1' }), (error) => isAgentError(error, 'NO_PAGE') && /has no page p1\. Call list_pages/.test(error.message));
  });

  it('names the page a target=_blank link opens in the result of the click', async () => {
    const clicked = await call('click_element', { selector: 'a' });
    const docs = openedBy(clicked);
    assert.ok(docs, clicked.text);
    assert.ok((await listedIds()).includes(docs));
    assert.equal(await titleOf(docs), 'Docs', 'the id drives the new page at once');
    assert.equal(await titleOf(), 'Start', 'the default page stays the one the agent was on');
    // The popup opened as a tab over its opener; a hidden page takes about one input event per 5 s.
    assert.equal(await fixture.page.evaluate(() => document.visibilityState), 'visible', 'the page acted on is brought to the front');
  });

  it('names the page window.open opens (at once or from a timer) in the result of the click, and a form sent to a new page in the result of type_text', async () => {
    const clicked = await call('click_element', { selector: 'button' });
    const help = openedBy(clicked);
    assert.ok(help, clicked.text);
    assert.equal(await titleOf(help), 'Help');
    const later = await call('click_element', { selector: '#later' });
    assert.ok(openedBy(later), `a window opened from a timer the click started: ${later.text}`);
    const typed = await call('type_text', { selector: 'input', text: 'tides', submit: true });
    const results = openedBy(typed);
    assert.ok(results, typed.text);
    assert.equal(new URL(pageTargets().find((target) => targetIdOf(target).startsWith(results))!.url()).search, '?q=tides');
    assert.doesNotMatch((await call('press_key', { key: 'Tab' })).text, /opened/, 'an action that opens nothing says nothing of pages');
  });

  it('opens a new page that becomes the default and shows on the canvas; a denied origin or a failed load leaves no page', async () => {
    const canvas = new LivePages(fixture.manager, (message) => assert.fail(message));
    try {
      const before = pageTargets().length;
      await assert.rejects(call('new_page', { url: `http://${denied}:1/` }), (error) => isAgentError(error, 'ORIGIN_BLOCKED'));
      assert.equal(pageTargets().length, before, 'no page for a refused address');
      await assert.rejects(call('new_page', { url: 'http://127.0.0.1:1/' }), (error) => isAgentError(error, 'PAGE_ERROR') && /Could not open/.test(error.message));
      assert.equal(pageTargets().length, before, 'nor one left behind by an address that failed to load');
      const opened = await call('new_page', { url: `${fixture.site.url}/draft` });
      const id = /^Opened page ([0-9A-F]{4,32}); it is the default page now\./.exec(opened.text)?.[1];
      assert.ok(id, opened.text);
      assert.equal(opened.untrusted, undefined, 'it is where the call asked: no address said again');
      const moved = await call('navigate_page', { url: `${fixture.site.url}/old-draft` });
      assert.deepEqual([moved.text, moved.untrusted?.content], [`Page ${id} loaded; it is at the address below.`, `address: ${fixture.site.url}/draft`], 'a redirect: where it ended, fenced');
      assert.equal(await titleOf(), 'Draft', 'tools that name no page act on it');
      await waitFor(() => canvas.list().some((page) => page.targetId.startsWith(id)), 'the new page on the canvas');
    } finally {
      canvas.dispose();
    }
  });

  it('brings a page to the front as the default page', async () => {
    const [start] = await listedIds();
    assert.match((await call('select_page', { page: start })).text, new RegExp(`^Page ${start} of session .* is in front, and is its default page now\\.`));
    assert.equal(await titleOf(), 'Start');
    assert.match((await call('list_pages', {})).text, new RegExp(`: ${start} \\(default\\), `));
  });

  it('names the site of the page a call names by short id, or of the default page, when the editor asks to confirm the call', async () => {
    const [start] = await listedIds();
    const blank = /^Opened page ([0-9A-F]{4,32});/.exec((await call('new_page', {})).text)![1];
    assert.equal(invocationOrigin(browser, 'click_element', { session, selector: 'a' }), '', 'the default page is now about:blank, which names no site');
    assert.equal(invocationOrigin(browser, 'click_element', { session, page: start, selector: 'a' }), new URL(fixture.site.url).origin);
    assert.equal(describeInvocation(browser, 'close_page', { session, page: blank }), `Closing page ${blank} in session ${fixture.manager.get(session)!.label}`);
    await call('close_page', { page: blank });
  });

  it('reports a page that asks before it closes instead of hanging, and closes it once the dialog is accepted', async () => {
    const draft = pageTargets().find((target) => target.url().endsWith('/draft'))!;
    const id = (await listedIds()).find((candidate) => targetIdOf(draft).startsWith(candidate))!;
    await call('type_text', { page: id, selector: '#note', text: 'unsaved' });
    await assert.rejects(call('close_page', { page: id }), (error) => isAgentError(error, 'DIALOG_OPEN') && /asks whether to leave.*handle_dialog: accept closes it/.test(error.message));
    assert.ok(pageTargets().includes(draft), 'still open while it asks');
    await call('handle_dialog', { page: id, action: 'accept' });
    await waitFor(() => !pageTargets().includes(draft), 'the page to close');
  });

  it('closes pages by id, but never the last one', async () => {
    const [start, ...others] = await listedIds();
    for (const id of others) {
      assert.match((await call('close_page', { page: id })).text, new RegExp(`^Closed page ${id} `));
    }
    assert.deepEqual(await listedIds(), [start]);
    await assert.rejects(call('close_page', { page: start }), (error) => isAgentError(error, 'INVALID_INPUT') && /only page of session .* stays open/.test(error.message));
    assert.equal(pageTargets().length, 1);
  });
});

describe('short page ids', () => {
  const pages = ['5F3A09C2D1E4B7A8C0D2E4F6A8B0C2D4', '5F3A77B0D1E4B7A8C0D2E4F6A8B0C2D4', 'C0FFEE00D1E4B7A8C0D2E4F6A8B0C2D4'];
  const targets = pages.map((id) => ({ _targetId: id }) as unknown as Target);

  it('are the shortest prefix no other page shares, 4 characters at least', () => {
    assert.deepEqual(
      pages.map((id) => shortPageId(id, pages)),
      ['5F3A0', '5F3A7', 'C0FF'],
    );
    assert.equal(shortPageId(pages[0], [pages[0]]), '5F3A', 'a lone page');
  });

  it('match a short id, a longer prefix or the whole id in any case; an ambiguous or too short one matches nothing', () => {
    assert.equal(matchPage(targets, 'c0ff').page, targets[2]);
    assert.equal(matchPage(targets, '5F3A7').page, targets[1]);
    assert.equal(matchPage(targets, pages[0].toLowerCase()).page, targets[0]);
    assert.deepEqual(matchPage(targets, '5F3A'), { page: undefined, candidates: targets.slice(0, 2) });
    assert.deepEqual(matchPage(targets, 'C0F'), { candidates: [] });
  });
});
