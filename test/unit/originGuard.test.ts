/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { AgentError } from '../../src/cdp/action/agentError';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { sessionOnPage, waitFor } from './support';

// Every way a page leaves for another origin. 127.0.0.1 is allowed; localhost (same server) is denied.
const away = (path: string) => `http://localhost:{port}${path}`;
const START = `<!doctype html><title>Start</title>
<a id="link" href="/go-link">link</a>
<form id="form" method="post" action="/go-form"><button id="post">post</button></form>
<button id="script" onclick="location.href = document.getElementById('link').href.replace('/go-link', '/go-script')">script</button>
<a id="redirect" href="/redirect">redirect</a>
<button id="popup" onclick="window.open(document.getElementById('link').href.replace('/go-link', '/go-popup'))">popup</button>`;

describe('origin rules hold for every navigation of an agent-held page', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;

  const call = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> =>
    findTool(name)!.run(browser, parseToolInput(name, { session: fixture.sessionId, ...input }) as never);
  const reachedDenied = () => fixture.site.requests.filter((request) => request.startsWith('localhost:'));
  const fixLinks = () =>
    fixture.page.evaluate(() => {
      // The links point at the denied host of this very server.
      const link = document.getElementById('link') as HTMLAnchorElement;
      link.href = link.href.replace('127.0.0.1', 'localhost');
      (document.getElementById('form') as HTMLFormElement).action = link.href.replace('/go-link', '/go-form');
    });
  const blocked: string[] = [];

  before(async () => {
    fixture = await sessionOnPage({ '/start': START, '/go-link': 'left', '/go-form': 'left', '/go-script': 'left', '/go-popup': 'left', '/redirect': { redirect: away('/go-redirect') }, '/go-redirect': 'left', '/form': '<!doctype html><title>Form</title><input id="note">' }, '/start');
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: ['localhost'] }) });
    browser.onDidBlockNavigation((navigation) => blocked.push(new URL(navigation.url).pathname));
    await browser.control.handToAgent(fixture.sessionId);
    await fixLinks();
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  for (const [what, selector, path] of [
    ['a link', '#link', '/go-link'],
    ['a form post', '#post', '/go-form'],
    ['a script setting location', '#script', '/go-script'],
    ['a redirect', '#redirect', '/go-redirect'],
  ] as const) {
    it(`stops ${what} to a denied origin in the browser, and the page stays`, async () => {
      await call('click_element', { selector });
      await waitFor(() => blocked.includes(path), `the guard to stop ${path}`);
      assert.deepEqual(reachedDenied(), [], 'nothing was fetched from the denied origin');
      assert.equal(await fixture.page.evaluate(() => location.host), new URL(fixture.site.url).host);
    });
  }

  it('answers navigate_page at once when its address redirects to a denied origin, naming where it was going, and the page stays', async () => {
    const before = await fixture.page.evaluate(() => location.href);
    const refused = await call('navigate_page', { url: `${fixture.site.url}/redirect` }).then(
      () => assert.fail('the navigation should be refused'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof AgentError && refused.code === 'ORIGIN_BLOCKED', String(refused));
    assert.match(refused.message, /redirected to http:\/\/localhost:\d+, which the developer's origin rules do not allow/);
    assert.equal(await fixture.page.evaluate(() => location.href), before, 'the page stayed');
    assert.deepEqual(reachedDenied(), [], 'nothing was fetched from the denied origin');
  });

  it('sends a popup that opened on a denied origin away from it', async () => {
    const connection = fixture.manager.connection(fixture.sessionId)!;
    await call('click_element', { selector: '#popup' });
    await waitFor(() => blocked.includes('/go-popup'), 'the popup to be stopped');
    const popup = connection.pageTargets.find((target) => target.opener());
    await waitFor(() => !popup || !popup.url().startsWith('http://localhost'), 'the popup to leave the denied origin');
    await (await popup?.page())?.close();
  });

  it('refuses file: pages to the agent unless the developer allows them', async () => {
    const refused = await call('navigate_page', { url: 'file:///etc/hostname' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof AgentError && refused.code === 'ORIGIN_BLOCKED' && /allowFileUrls/.test(refused.message), String(refused));
  });

  it('binds only the agent: once taken back, the developer goes where they like', async () => {
    await browser.control.takeBack(fixture.sessionId);
    await fixture.page.bringToFront(); // the popup's tab went over it
    await waitFor(async () => {
      await fixture.page.click('#link').catch(() => undefined);
      return reachedDenied().includes(`localhost:${new URL(fixture.site.url).port}/go-link`);
    }, 'the developer to reach the other origin');
  });

  it('leaves a page the developer was on when handing over where it is, form input and all, though its origin is denied', async () => {
    // The developer is on the denied origin with a half-filled form, then hands the session over.
    await fixture.page.goto(`${fixture.site.url.replace('127.0.0.1', 'localhost')}/form`);
    await fixture.page.type('#note', 'half written');
    await browser.control.handToAgent(fixture.sessionId);
    await fixture.page.evaluate(() => (document.title = 'a title change, as pages make'));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the guard is on, and rechecks on page changes
    assert.equal(await fixture.page.evaluate(() => location.pathname), '/form', 'the page stayed');
    assert.equal(await fixture.page.$eval('#note', (input) => (input as HTMLInputElement).value), 'half written');
    await browser.control.takeBack(fixture.sessionId);
  });
});
