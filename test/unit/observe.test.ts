/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { isAgentError } from '../../src/cdp/action/agentError';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { ICON_PNG } from '../support/fixtureServer';
import { ACCOUNT_PAGE, CONSOLE_PAGE, CROSS_SITE_WIDGET, FRAMED_PAGE, LATE_FRAMES_PAGE, LATE_WIDGET_PAGE, LOGIN_DONE, LOGIN_PAGE, NETWORK_PAGE, PROFILE_JSON, SECRETS, WIDGET_JSON } from '../support/observeFixtures';
import { sessionOnPage, startFixtureServer, waitFor } from './support';

describe('agent observing tools', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;

  const call = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> =>
    findTool(name)!.run(browser, parseToolInput(name, { session: fixture.sessionId, ...input }) as never);

  const waitForResult = (get: () => Promise<ToolOutput>, done: (result: ToolOutput) => boolean) =>
    waitFor(async () => {
      const result = await get();
      return done(result) && result;
    }, 'the result');

  before(async () => {
    const pages = { '/late-frames': LATE_FRAMES_PAGE, '/late-widget': LATE_WIDGET_PAGE, '/console': CONSOLE_PAGE, '/network': NETWORK_PAGE, '/api/profile': PROFILE_JSON, '/pixel.png': { type: 'image/png', body: ICON_PNG },
      '/login': LOGIN_PAGE,
      '/login-done': LOGIN_DONE,
      '/account': ACCOUNT_PAGE,
      '/framed': FRAMED_PAGE,
    };
    fixture = await sessionOnPage(pages, '/console');
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    await browser.control.handToAgent(fixture.sessionId);
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  it('refuses each of its tools on a session the developer holds', async () => {
    await browser.control.takeBack(fixture.sessionId);
    for (const [name, input] of [
      ['console_messages', {}],
      ['network_requests', {}],
      ['network_request', { request: 1 }],
      ['save_storage_state', { name: 'any' }],
      ['load_storage_state', { name: 'any' }],
    ] as const) {
      await assert.rejects(call(name, input), (error) => isAgentError(error, 'DEVELOPER_HOLDS'), name);
    }
    await browser.control.handToAgent(fixture.sessionId);
  });

  describe('console_messages', function () {
    it('reads what the page logged before and after, with level, source and the next since; page text stays fenced', async () => {
      // Logged before the agent first touched the page: Chromium reports the current document's again.
      const first = await waitForResult(() => call('console_messages', {}), (result) => /^6 /.test(result.text));
      assert.match(first.text, /^6 console messages of page \w+ after #0; the next since is 6\. They are below\.$/);
      const lines = first.untrusted!.content.split(/\n(?=#)/);
      const source = `${fixture.site.url}/console`;
      // An object logged before reads by its kind only: Chromium previews objects as they are logged.
      assert.equal(lines[0], `#1 [info] ready now with 3 items Object (${source}:3)`);
      assert.deepEqual(lines.slice(1, 4), [`#2 [warning] running low (${source}:4)`, `#3 [error] payment failed (${source}:5)`, `#4 [debug] tick (${source}:6)`]);
      assert.equal(lines[4], `#5 [info] ${'x'.repeat(1000)}… (5000 characters) (${source}:7)`, 'one message is capped');
      assert.match(lines[5], new RegExp(`^#6 \\[error\\] Uncaught Error: boom in a timer\\n {4,}at [^\\n]+ \\(${source}:8\\)$`));
      assert.doesNotMatch(first.text, /payment failed/, "the page's words are never in our text");

      const errors = await call('console_messages', { level: 'error' });
      assert.deepEqual(errors.untrusted!.content.match(/^#\d+/gm), ['#3', '#6']);

      await fixture.page.click('#again');
      const newer = await waitForResult(() => call('console_messages', { since: 6 }), (result) => !!result.untrusted);
      assert.equal(newer.untrusted!.content, `#7 [info] pressed again {times: 2, by: "button"} (${source}:1)`);
      assert.match(newer.text, /^1 console messages of page \w+ after #6; the next since is 7/);
      assert.match((await call('console_messages', { since: 7 })).text, /^No console messages of page \w+ after #7; the next since is 7\.$/);

      // Thirty messages of 1,000 characters: more than one result may carry, so it hands back where to go on.
      await fixture.page.evaluate(() => Array.from({ length: 30 }, (_, index) => console.log(`${index}`.padStart(1000, '.'))));
      const some = await waitForResult(() => call('console_messages', { since: 7 }), (result) => /there are more/.test(result.text));
      const next = Number(/call again with since (\d+)\./.exec(some.text)![1]);
      assert.ok(some.untrusted!.content.length <= 8_000, `${some.untrusted!.content.length} characters`);
      assert.equal(some.untrusted!.content.split('\n').length, next - 7);
      const rest = await call('console_messages', { since: next });
      assert.match(rest.untrusted!.content, new RegExp(`^#${next + 1} \\[info\\] \\.+${next - 7} `));
    });
  });

  describe('network_requests and network_request', function () {
    it('lists requests with status, size, type and failures, and shows one with credentials redacted', async () => {
      await call('navigate_page', { url: `${fixture.site.url}/network` });
      await call('wait_for', { text: 'loaded' });
      const listed = await call('network_requests', {});
      const lines = listed.untrusted!.content.split('\n');
      const line = (pattern: RegExp) => {
        const found = lines.find((candidate) => pattern.test(candidate));
        assert.ok(found, `no line like ${pattern} in:\n${lines.join('\n')}`);
        return found;
      };
      assert.match(line(/ GET .*\/network:/), /^#1 GET http:\/\/127\.0\.0\.1:\d+\/network: 200, \d+(\.\d)? k?B, Document$/);
      const profile = line(/ GET .*\/api\/profile:/);
      assert.match(profile, /: 200, \d+ B, Fetch$/);
      assert.match(line(/\/pixel\.png:/), /: 200, \d+ B, Fetch$/);
      assert.match(line(/\/missing:/), /: 404, \d+ B, Fetch$/);
      assert.match(line(/\/refused:/), /: failed \(net::ERR_UNSAFE_PORT\), Fetch$/);
      assert.match(line(/ POST .*\/api\/profile:/), /: 200, /);
      assert.match(listed.text, new RegExp(`^${lines.length} requests of page \\w+ after #0; the next since is ${lines.length}\\.`));

      // The headers as received come in an event of their own, which may trail the body.
      const detail = await waitForResult(() => call('network_request', { request: Number(/^#(\d+)/.exec(profile)![1]) }), (result) => /set-cookie/i.test(result.untrusted!.content));
      const shown = `${detail.text}\n${detail.untrusted!.content}`;
      assert.match(shown, /response body:\n\{"name":"Ada","plan":"pro"\}$/);
      assert.match(shown, /authorization: \(redacted: \d+ characters\)/i);
      assert.match(shown, /cookie: \(redacted: \d+ characters\)/i);
      assert.match(shown, /set-cookie: \(redacted: \d+ characters\)/i);
      for (const secret of Object.values(SECRETS)) {
        assert.ok(!shown.includes(secret), `${secret} left in a result`);
      }
      const posted = await call('network_request', { request: Number(/^#(\d+)/.exec(line(/ POST /))![1]) });
      assert.match(posted.untrusted!.content, /request body: 21 B \(not shown\)/);
      assert.ok(!posted.untrusted!.content.includes('4111'), 'what the page posted is not shown');
      const image = await call('network_request', { request: Number(/^#(\d+)/.exec(line(/pixel\.png/))![1]) });
      assert.match(image.untrusted!.content, /response body:\n\(binary, image\/png, \d+ B: not shown\)$/);
      assert.match((await call('network_requests', { since: lines.length })).text, /^No requests of page \w+ after #\d+; the next since is \d+\.$/);
      await assert.rejects(call('network_request', { request: 999 }), (error) => isAgentError(error, 'NOT_FOUND') && /network_requests/.test(error.message));
    });
  });

  describe('a cross-site iframe (a process of its own)', function () {
    it('lists what it logged and fetched, marked with its frame, and shows the body it got', async () => {
      // Another server, named by another host: another site, so Chromium runs the frame in another process.
      const other = await startFixtureServer({ '/widget': CROSS_SITE_WIDGET, '/api/widget-data': WIDGET_JSON });
      try {
        const widget = `${other.url.replace('127.0.0.1', 'localhost')}/widget`;
        // What the tests before left in the logs is not looked at.
        const sinceNow = async (name: ToolName) => {
          for (let since = 0; ; ) {
            const { text } = await call(name, { since });
            since = Number(/since(?: is)? (\d+)\./.exec(text)![1]);
            if (!text.includes('there are more')) {
              return since;
            }
          }
        };
        const [consoleSince, networkSince] = [await sinceNow('console_messages'), await sinceNow('network_requests')];
        await call('navigate_page', { url: `${fixture.site.url}/framed?src=${encodeURIComponent(widget)}` });
        const logged = await waitForResult(() => call('console_messages', { since: consoleSince }), (result) => /widget says hello/.test(result.untrusted?.content ?? ''));
        assert.match(logged.untrusted!.content, new RegExp(`\\[info\\] widget says hello \\(${widget}:\\d+\\) \\[cross-site frame ${widget}\\]`));
        const fetched = await waitForResult(() => call('network_requests', { since: networkSince }), (result) => /\/api\/widget-data: 200, \d/.test(result.untrusted?.content ?? ''));
        const line = fetched.untrusted!.content.split('\n').find((text) => /\/api\/widget-data: 200, \d/.test(text))!; // one that finished loading
        assert.match(line, new RegExp(`^#(\\d+) GET ${widget.replace('/widget', '')}/api/widget-data: 200, .*Fetch, by the cross-site frame ${widget}$`));
        const shown = await call('network_request', { request: Number(/^#(\d+)/.exec(line)![1]) });
        assert.match(shown.untrusted!.content, /response body:\n\{"from":"widget"\}$/, 'the body, read through the frame\'s own session');
      } finally {
        await other.close();
      }
    });
  });

  describe('save_storage_state and load_storage_state', function () {
    let other: string | undefined;
    after(async () => other && (await fixture.manager.terminate(other)));

    it('saves a login in one session and loads it into another, which is logged in without typing', async () => {
      await call('navigate_page', { url: `${fixture.site.url}/login` });
      await call('type_text', { selector: 'input[name=name]', text: 'Ada', submit: true });
      await call('wait_for', { text: 'Signed in as Ada' });

      const cookies = (await fixture.page.browser().cookies()).length; // earlier tests' too
      const saved = await call('save_storage_state', { name: 'ada' });
      assert.match(saved.text, new RegExp(`^Saved storage state "ada" from session .*: ${cookies} cookies, 1 local storage items of 1 sites \\(values are never shown\\)\\.`));
      assert.ok(cookies >= 2, 'the login left its two cookies');
      assert.equal(saved.untrusted!.content, `cookies of: 127.0.0.1\nlocal storage of: ${fixture.site.url} (1)`);
      const folder = path.join(fixture.storageDir, 'sessions', fixture.sessionId, 'storage-states');
      assert.equal(statSync(folder).mode & 0o777, 0o700);
      assert.equal(statSync(path.join(folder, 'ada.json')).mode & 0o777, 0o600);

      other = (await fixture.manager.create({ url: 'about:blank' })).id;
      await browser.control.handToAgent(other);
      const asked = fixture.site.requests.length;
      // No page of the site is open in the other session: its local storage is written through a hidden one.
      const loaded = await findTool('load_storage_state')!.run(browser, parseToolInput('load_storage_state', { session: other, name: 'ada' }) as never);
      assert.match(loaded.text, new RegExp(`^Loaded storage state "ada" into session .*: ${cookies} cookies, 1 local storage items of 1 sites`));
      for (const result of [saved, loaded]) {
        const shown = `${result.text}\n${result.untrusted!.content}`;
        assert.ok(![SECRETS.cookie, SECRETS.setCookie, 'Ada'].some((value) => shown.includes(value)), `a value in: ${shown}`);
      }
      await findTool('navigate_page')!.run(browser, parseToolInput('navigate_page', { session: other, url: `${fixture.site.url}/account` }) as never);
      await findTool('wait_for')!.run(browser, parseToolInput('wait_for', { session: other, text: 'Signed in as Ada' }) as never);
      assert.ok(!fixture.site.requests.slice(asked).some((request) => request.endsWith(':' + new URL(fixture.site.url).port + '/')), 'the hidden page asked the site for nothing');
      const [page] = await fixture.manager.connection(other)!.pages();
      assert.ok((await page.browser().cookies()).some((cookie) => cookie.name === 'token' && cookie.httpOnly), 'the HttpOnly cookie came along');
    });

    it('says what to do about a state no session saved, or one it cannot read', async () => {
      await assert.rejects(call('load_storage_state', { name: 'nobody-saved-this' }), (error) => isAgentError(error, 'NOT_FOUND') && /Save one with save_storage_state first/.test(error.message));
      const folder = path.join(fixture.storageDir, 'sessions', fixture.sessionId, 'storage-states');
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      writeFileSync(path.join(folder, 'cut-short.json'), '{"version": 1, "cook', { mode: 0o600 });
      await assert.rejects(call('load_storage_state', { name: 'cut-short' }), (error) => isAgentError(error, 'INVALID_INPUT') && /cannot be read.*Save it again/.test(error.message));
    });
  });

  describe('wait_for', function () {
    it('sees text that turns up in a same-site iframe, a cross-site iframe and an open shadow root', async () => {
      await call('navigate_page', { url: `${fixture.site.url}/late-frames` });
      for (const text of ['Same-site receipt', 'Cross-site receipt', 'Shadow status: ready']) {
        assert.equal((await call('wait_for', { text, timeoutMs: 5_000 })).text, `text "${text}" is there`);
      }
      assert.equal((await call('wait_for', { selector: 'span.badge', timeoutMs: 5_000 })).text, 'selector "span.badge" is there', 'a selector matches inside a shadow root');
      await assert.rejects(call('wait_for', { text: 'Nowhere at all', timeoutMs: 300 }), (error) => isAgentError(error, 'TIMEOUT'));
    });
  });
});
