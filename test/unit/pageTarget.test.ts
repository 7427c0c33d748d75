/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { Target } from 'puppeteer-core';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { isAgentError } from '../../src/cdp/action/agentError';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import type { BrowserSession } from '../../src/cdp/browserSession';
import { LivePage } from '../../src/cdp/livePage';
import { PageRecorder } from '../../src/cdp/recorder/pageRecorder';
import { TargetClosedError } from '../../src/cdp/target/targetClosedError';
import { SIGNUP_PAGE } from '../support/agentFixtures';
import { readLogLines, sessionOnPage, waitFor } from './support';

const PAGES = {
  '/signup': SIGNUP_PAGE,
  '/upload': `<!doctype html><title>Upload</title><input id="file" type="file" style="position:absolute;left:10px;top:10px;width:200px;height:40px">`,
};

describe('page model (one per target)', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let connection: BrowserSession;
  let agent: AgentBrowser;

  const click = (live: LivePage, x: number, y: number) =>
    Promise.all(
      (['mousePressed', 'mouseReleased'] as const).map((action) => live.input.mouse({ action, x, y, button: 'left', buttons: action === 'mousePressed' ? 1 : 0, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 })),
    );

  before(async () => {
    fixture = await sessionOnPage(PAGES, '/upload');
    connection = fixture.manager.connection(fixture.sessionId)!;
    agent = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
  });
  after(async () => {
    agent.dispose();
    await fixture.close();
  });

  it('gives the canvas, the agent and the recorder the same model of a page', async () => {
    const target = fixture.page.target();
    const [canvasModel, again] = await Promise.all([connection.pageModel(target), connection.pageModel(target)]);
    assert.equal(canvasModel, again, 'two features asking at once get one model, one CDP session');
    await fixture.manager.setController(fixture.sessionId, 'agent');
    try {
      const agentPage = await agent.page(fixture.sessionId);
      assert.equal(agentPage.cdp, canvasModel);
    } finally {
      await fixture.manager.setController(fixture.sessionId, 'developer');
    }
  });

  it('keeps what the canvas set up working after a recording on the same page stops', async () => {
    const live = await LivePage.open(await connection.pageModel(fixture.page.target()));
    const choosers: unknown[] = [];
    const listener = live.onFileChooser((request) => choosers.push(request));
    try {
      const recorder = await PageRecorder.start(connection, fixture.page.target());
      recorder.dispose(); // the recorder takes back only what it set up
      const other = await LivePage.open(await connection.pageModel(fixture.page.target()));
      other.dispose(); // a second tile of the same page going away leaves the first one's file chooser
      await click(live, 50, 30);
      await waitFor(() => choosers.length > 0, 'the file chooser to reach the canvas');
      await live.refresh();
      assert.equal(live.info.title, 'Upload', 'the canvas still reads the page');
    } finally {
      listener.dispose();
      live.dispose();
    }
  });

  it('refuses a developer-held session before it touches the page', async () => {
    const asked: Target[] = [];
    const pageModel = connection.pageModel.bind(connection);
    connection.pageModel = (target) => (asked.push(target), pageModel(target));
    try {
      const input = parseToolInput('snapshot_page', { session: fixture.sessionId });
      await assert.rejects(findTool('snapshot_page')!.run(agent, input as never), (error) => isAgentError(error, 'DEVELOPER_HOLDS'));
      assert.deepEqual(asked, [], 'no page model was asked for');
    } finally {
      connection.pageModel = pageModel;
    }
  });

  it('says "the page closed" with one typed error once its target is gone, at every door', async () => {
    const opened = await fixture.manager.connection(fixture.sessionId)!.browser.newPage();
    const target = opened.target();
    const model = await connection.pageModel(target);
    const live = await LivePage.open(model);
    await fixture.manager.setController(fixture.sessionId, 'agent');
    try {
      const pageId = model.targetId;
      await agent.page(fixture.sessionId, pageId);
      let closedHeard = false;
      model.onDidClose(() => (closedHeard = true));
      await opened.close();
      await waitFor(() => closedHeard, 'the model to hear its target close');
      await assert.rejects(live.refresh(), (error) => error instanceof TargetClosedError && error.targetId === pageId);
      await assert.rejects(model.send('Runtime.evaluate', { expression: '1' }), TargetClosedError);
      const input = parseToolInput('snapshot_page', { session: fixture.sessionId, page: pageId });
      await assert.rejects(findTool('snapshot_page')!.run(agent, input as never), (error) => isAgentError(error, 'NO_PAGE'));
    } finally {
      live.dispose();
      await fixture.manager.setController(fixture.sessionId, 'developer');
    }
  });

  it("logs a page's background failure once, and its closing not at all", async () => {
    const model = await connection.pageModel(fixture.page.target());
    const report = model.warnUnlessClosed('a test read');
    const failure = new Error('Protocol error (Runtime.evaluate): Internal error');
    report(failure);
    report(failure); // a page stuck behind a dialog fails alike on every tick
    report(Object.assign(new Error('Protocol error (Runtime.evaluate): Target closed'), { name: 'TargetCloseError' }));
    const lines = (await readLogLines(fixture.logs.sessionLogPath(fixture.sessionId))).filter((line) => line.event === 'pageWorkFailed');
    assert.deepEqual(
      lines.map((line) => [line.page, line.what, line.error]),
      [[model.targetId, 'a test read', failure.message]],
    );
  });

  it('carries commands across a renderer swap (a navigation to another site)', async () => {
    const model = await connection.pageModel(fixture.page.target());
    const crossSite = `${fixture.site.url.replace('127.0.0.1', 'localhost')}/signup`;
    const navigated = model.send('Page.navigate', { url: crossSite });
    // Sent all through the swap, while the new site's renderer may not be in place yet: tried again, never failed.
    const during = Array.from({ length: 30 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 10)).then(() => model.send('Page.getNavigationHistory')));
    await navigated;
    const histories = await Promise.all(during);
    assert.equal(histories.length, 30);
    await waitFor(async () => (await model.send('Target.getTargetInfo')).targetInfo.title === 'Sign up', 'the other site to load');
  });
});
