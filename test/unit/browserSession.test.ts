import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import puppeteer, { Browser } from 'puppeteer-core';
import { BrowserSession } from '../../src/cdp/browserSession';
import { sessionOnPage } from './support';

describe('browser session connection', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    fixture = await sessionOnPage({ '/page': '<!doctype html><title>Page</title>' }, '/page');
  });
  after(async () => {
    await fixture.close();
  });

  it('lets the connection go, and leaves the browser running, when its setup fails', async () => {
    // Every browser puppeteer connects to meanwhile, as it was handed to BrowserSession.
    const connected: Browser[] = [];
    const connect = puppeteer.connect;
    puppeteer.connect = async (options) => {
      const browser = await connect.call(puppeteer, options);
      connected.push(browser);
      return browser;
    };
    // A setup step that fails for real: the download folder cannot be made under a file.
    const file = path.join(fixture.storageDir, 'not-a-folder');
    writeFileSync(file, '');
    const { endpoint } = fixture.manager.get(fixture.sessionId)!;
    try {
      await assert.rejects(BrowserSession.connect(fixture.sessionId, endpoint!, fixture.logs.forSession(fixture.sessionId), { logNetwork: false, downloadDir: path.join(file, 'downloads') }), { code: 'ENOTDIR' });
      assert.equal(connected.length, 1);
      assert.equal(connected[0].connected, false, 'the connection was let go');
    } finally {
      puppeteer.connect = connect;
      await Promise.all(connected.map((browser) => browser.connected && browser.disconnect()));
    }
    // The browser still runs: a new connection to it sets up, and its page answers.
    const again = await BrowserSession.connect(fixture.sessionId, endpoint!, fixture.logs.forSession(fixture.sessionId), { logNetwork: false });
    try {
      assert.deepEqual((await again.pageInfos()).map((page) => page.title), ['Page']);
    } finally {
      await again.disconnect();
    }
  });
});
