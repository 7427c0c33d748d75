import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { HarValidator } from '@har-sdk/validator';
import type { Har } from 'har-format';
import { entryLine } from '../../src/cdp/timeline/historyText';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import { harLog } from '../../src/cdp/network/harLog';
import { SessionNetworkLog } from '../../src/cdp/network/sessionNetworkLog';
import { BEFORE_PAGE, HAR_LOGIN_PAGE, HAR_SECRETS, MANY_PAGE, ME_JSON, SIGNED_IN_PAGE } from '../support/harFixtures';
import { sessionOnPage, waitFor } from './support';

const API_ITEM = { type: 'text/plain', body: Buffer.from('item') };

describe('session network log (HAR)', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    fixture = await sessionOnPage({ '/before': BEFORE_PAGE, '/login': HAR_LOGIN_PAGE, '/signed-in': SIGNED_IN_PAGE, '/api/me': ME_JSON, '/many': MANY_PAGE, '/api/item': API_ITEM, '/api/early': API_ITEM }, '/before');
    const connection = fixture.manager.connection(fixture.sessionId)!;
    await connection.pageModel(connection.pageTarget()!); // as the canvas does for every page it shows
  });
  after(async () => {
    await fixture.close();
  });

  const log = () => fixture.manager.connection(fixture.sessionId)!.networkLog;

  it('writes a login since a point as a valid HAR 1.2, with timings and bodies, and no cookie, token or password', async () => {
    await fixture.page.reload({ waitUntil: 'load' }); // /before again, now that the log listens
    await waitFor(() => log().records.since().records.some((record) => record.request.url.endsWith('/api/early') && record.endTimestamp), 'the early request');
    const since = Date.now();
    await fixture.page.goto(`${fixture.site.url}/login`, { waitUntil: 'load' });
    await fixture.page.type('#password', HAR_SECRETS.password);
    await Promise.all([fixture.page.waitForNavigation(), fixture.page.click('#go')]);
    await fixture.page.waitForFunction(() => document.title === 'Signed in as Ada');
    await waitFor(() => log().records.since(since).records.some((record) => record.request.url.endsWith('/api/me') && record.endTimestamp), 'the API call');

    const har: Har = JSON.parse(JSON.stringify(await harLog(log().records.since(since), { creatorVersion: '0.0.0-test' })));
    assert.deepEqual(await new HarValidator().verify(har as never), [], 'a valid HAR 1.2');

    const requests = har.log.entries.map((entry) => `${entry.request.method} ${new URL(entry.request.url).pathname}`);
    assert.deepEqual(requests.filter((request) => !request.endsWith('/favicon.ico')), ['GET /login', 'POST /signed-in', 'GET /api/me'], 'the requests in the range, in order');
    assert.deepEqual(
      har.log.pages!.map((page) => new URL(page.title!).pathname),
      ['/login', '/signed-in'],
    );
    const [login, signIn, me] = har.log.entries;
    assert.equal(login.pageref, har.log.pages![0].id);
    assert.equal(me.pageref, har.log.pages![1].id);
    assert.ok(har.log.pages![0].pageTimings.onLoad! > 0, 'the page load time');
    assert.equal(signIn.response.status, 200);
    assert.ok(me.time > 0 && me.timings.wait >= 0 && me.timings.receive >= 0, 'timings');
    assert.match(me.response.content.text!, /"name":"Ada"/, 'a text body is kept');
    assert.ok(me.response.bodySize > 0);

    // Redacted, yet shown as there: the cookie sent, the cookie set, the token, the password field.
    const header = (headers: Array<{ name: string; value: string }>, name: string) => headers.find((candidate) => candidate.name.toLowerCase() === name)?.value;
    assert.equal(header(me.request.headers, 'cookie'), '(redacted)');
    assert.equal(header(me.request.headers, 'authorization'), '(redacted)');
    assert.equal(header(signIn.response.headers, 'set-cookie'), '(redacted)');
    assert.equal(signIn.request.postData!.text, 'user=ada&password=%28redacted%29');
    assert.match(me.response.content.text!, /"accessToken":"\(redacted\)"/);
    const text = JSON.stringify(har);
    for (const [what, secret] of Object.entries(HAR_SECRETS)) {
      assert.ok(!text.includes(secret), `no ${what} in the HAR`);
    }
  });

  it('keeps the newest requests within its bounds, dropping the oldest first', async () => {
    const connection = fixture.manager.connection(fixture.sessionId)!;
    const small = new SessionNetworkLog(connection, { maxRecords: 4, maxBytes: 1024 * 1024 });
    const page = await connection.browser.newPage();
    try {
      await connection.pageModel(page.target()); // the log joins the page as its model is attached
      await page.goto(`${fixture.site.url}/before`);
      await waitFor(() => small.records.since().records.some((record) => record.request.url.endsWith('/api/early')), 'the log listening');
      await page.goto(`${fixture.site.url}/many`);
      await page.waitForFunction(() => document.title === 'all fetched');
      await waitFor(() => small.records.since().records.filter((record) => record.endTimestamp).length === 4, 'four finished records');
      const kept = small.records.since().records;
      assert.equal(kept.length, 4);
      assert.ok(small.records.dropped >= 7, `dropped ${small.records.dropped}`);
      // The newest items (a favicon may take a place among them), never an older one.
      const items = kept.filter((record) => record.request.url.includes('/api/item')).map((record) => Number(new URL(record.request.url).searchParams.get('n')));
      assert.ok(items.length >= 3);
      assert.deepEqual(items.sort(), Array.from({ length: items.length }, (_, index) => 10 - items.length + index), 'the newest kept');
    } finally {
      small.dispose();
      await page.close();
    }
  });

  it('save_network_log gives the agent the file in the session folder and a summary, never the log', async () => {
    const browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    try {
      await browser.control.handToAgent(fixture.sessionId);
      await fixture.page.goto(`${fixture.site.url}/signed-in`);
      await fixture.page.waitForFunction(() => document.title === 'Signed in as Ada');
      await fixture.page.evaluate(() => fetch('/nowhere'));
      await waitFor(() => log().records.since().records.some((record) => record.request.url.endsWith('/nowhere') && record.endTimestamp), 'the 404');
      const result = await findTool('save_network_log')!.run(browser, parseToolInput('save_network_log', { session: fixture.sessionId, sinceMinutes: 1 }) as never);
      const file = result.text.match(/ to (\S+\.har) /)![1];
      assert.equal(path.dirname(path.dirname(file)), fixture.manager.sessionDir(fixture.sessionId), "in the session's own folder");
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.match(result.text, /^Saved \d+ requests of \d+ page loads of session .* \(HAR 1\.2, credentials redacted\); [1-9]\d* failed or answered an error\. The slowest and the failed are below\.$/);
      assert.match(result.untrusted!.content, /^failed: 404 GET http:\/\/127\.0\.0\.1:\d+\/nowhere$/m, 'the failure, fenced as page-derived');
      assert.match(result.untrusted!.content, /^slow: \d+ ms GET /m);
      assert.ok(!result.untrusted!.content.includes('"name":"Ada"') && result.text.length + result.untrusted!.content.length < 2000, 'a summary, not the log');
      const saved = (await browser.timeline.entries(fixture.sessionId)).at(-1)!;
      assert.deepEqual([saved.actor, saved.action, saved.file], ['agent', 'saveNetworkLog', file], 'an entry of the timeline: who, what, where');
      assert.match(entryLine(saved)!, /^#\d+ agent saved the network log \(HAR\) to \S+\.har$/);
      const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
      assert.ok(har.log.entries.some((entry) => entry.request.url.endsWith('/api/me')));
      for (const secret of Object.values(HAR_SECRETS)) {
        assert.ok(!JSON.stringify(har).includes(secret) && !result.untrusted!.content.includes(secret));
      }
    } finally {
      browser.dispose();
    }
  });
});
