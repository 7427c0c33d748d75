import * as assert from 'node:assert/strict';
import type { Protocol } from 'devtools-protocol';
import type { CDPSession } from 'puppeteer-core';
import { ConsoleLog } from '../../src/cdp/agent/consoleLog';
import { OriginGuard } from '../../src/cdp/agent/originGuard';
import type { BrowserSession } from '../../src/cdp/browserSession';
import type { PageTarget } from '../../src/cdp/target/pageTarget';
import { readLogLines, sessionOnPage, waitFor } from './support';

describe('work nobody awaits', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let connection: BrowserSession;
  const unhandled: unknown[] = [];
  const heardUnhandled = (reason: unknown) => void unhandled.push(reason);

  before(async () => {
    fixture = await sessionOnPage({ '/page': '<!doctype html><title>Page</title>' }, '/page');
    connection = fixture.manager.connection(fixture.sessionId)!;
    process.on('unhandledRejection', heardUnhandled);
  });
  beforeEach(() => void unhandled.splice(0));
  after(async () => {
    process.off('unhandledRejection', heardUnhandled);
    await fixture.close();
  });

  // The model's own CDP session, on which a test plays an event as if Chromium had sent it.
  const sessionOf = async (model: PageTarget): Promise<CDPSession> => {
    const probe = await fixture.page.createCDPSession();
    const session = probe.connection()!.session(model.channel.sessionId)!;
    await probe.detach();
    return session;
  };
  // A navigation paused for the origin guard, with a request id Chromium never gave: its answer fails.
  const pausedNavigation = { requestId: 'interception-job-0.0', request: { url: 'http://127.0.0.1/next' } } as Protocol.Fetch.RequestPausedEvent;
  const failureLines = async (model: PageTarget) =>
    (await readLogLines(fixture.logs.sessionLogPath(fixture.sessionId))).filter((line) => line.event === 'pageWorkFailed' && line.page === model.targetId);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('logs a failure other than the page closing, once per kind, and leaves no unhandled rejection', async () => {
    const model = await connection.pageModel(fixture.page.target());
    const guard = await OriginGuard.attach(model, () => ({ allowed: [], denied: [] }), () => undefined);
    try {
      const session = await sessionOf(model);
      session.emit('Fetch.requestPaused', pausedNavigation);
      session.emit('Fetch.requestPaused', pausedNavigation); // fails alike: said once
      await waitFor(async () => (await failureLines(model)).length > 0, "the guard's failed answer in the log");
      await settle();
      const lines = await failureLines(model);
      assert.deepEqual(lines.map((line) => line.what), ["a decision on a navigation's origin"]);
      assert.match(String(lines[0].error), /Invalid InterceptionId/);
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
    } finally {
      guard.dispose();
    }
  });

  it("logs a page log's failed start at once, and still gives it to the first read", async () => {
    const opened = await fixture.page.browser().newPage();
    const model = await connection.pageModel(opened.target());
    // Error path: the switch is refused by a stand-in, as Chromium would refuse a domain it cannot turn on.
    Object.assign(model, { use: () => Promise.reject(new Error('Runtime.enable refused')) });
    const log = new ConsoleLog(model);
    try {
      await waitFor(async () => (await failureLines(model)).length > 0, 'the failed start in the log');
      await settle();
      assert.deepEqual((await failureLines(model)).map((line) => [line.what, line.error]), [['switching runtime on for its log', 'Runtime.enable refused']]);
      assert.deepEqual(unhandled, [], 'no unhandled rejection while nobody has read the log yet');
      await assert.rejects(log.after(0), /Runtime.enable refused/, 'the read is told');
    } finally {
      log.dispose();
      await opened.close();
    }
  });

  it('ends quietly when the page has closed', async () => {
    const opened = await fixture.page.browser().newPage();
    const model = await connection.pageModel(opened.target());
    const guard = await OriginGuard.attach(model, () => ({ allowed: [], denied: [] }), () => undefined);
    try {
      const session = await sessionOf(model);
      await opened.close();
      await waitFor(() => model.isClosed, 'the model to hear its page close');
      session.emit('Fetch.requestPaused', pausedNavigation); // heard as the page went: the answer finds it gone
      await settle();
      assert.deepEqual(await failureLines(model), []);
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
    } finally {
      guard.dispose();
    }
  });
});
