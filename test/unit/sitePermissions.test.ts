import * as assert from 'node:assert/strict';
import puppeteer, { Page } from 'puppeteer-core';
import { parseSitePermissions } from '../../src/cdp/sitePermissions';
import { makeManager, readLogLines, sessionOnPage, Settings } from './support';

const geolocationState = (page: Page) => page.evaluate(() => navigator.permissions.query({ name: 'geolocation' }).then((status) => status.state));

describe('site permissions', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let settings: Settings;

  before(async () => {
    settings = { logNetwork: false, allowRemoteEndpoints: false, sitePermissions: {} };
    fixture = await sessionOnPage({ '/': '<title>site</title>' }, '/', settings);
  });
  after(async () => {
    await fixture.close();
  });

  it('applies the decisions to live sessions, and again to every new connection', async () => {
    const origin = fixture.site.url;
    assert.equal(await geolocationState(fixture.page), 'prompt', 'nothing decided yet');

    settings.sitePermissions = { [origin]: { geolocation: 'granted', 'no-such-permission': 'granted' } };
    await fixture.manager.applySitePermissions();
    assert.equal(await geolocationState(fixture.page), 'granted');
    const logged = await readLogLines(fixture.manager.logPath(fixture.sessionId));
    assert.ok(logged.some((line) => line.event === 'sitePermissionRefused' && String(line.problem).includes('no-such-permission')), 'the refused one is logged');

    // Chromium forgets a decision when the connection that made it ends: a new window's manager re-applies it.
    const second = makeManager(fixture.storageDir, settings);
    try {
      await fixture.manager.connection(fixture.sessionId)!.disconnect();
      const bare = await puppeteer.connect({ browserWSEndpoint: fixture.manager.get(fixture.sessionId)!.endpoint!.wsEndpoint, defaultViewport: null });
      assert.equal(await geolocationState((await bare.pages())[0]), 'prompt', 'forgotten with the connection');
      await bare.disconnect();
      await second.manager.adoptExisting();
      const [page] = await second.manager.connection(fixture.sessionId)!.pages();
      assert.equal(await geolocationState(page), 'granted', 'still granted through the new connection');
      settings.sitePermissions = { [origin]: { geolocation: 'denied' } };
      await second.manager.applySitePermissions();
      assert.equal(await geolocationState(page), 'denied');
    } finally {
      second.dispose();
    }
  });

  it('keeps the valid origins of a hand-edited setting and says what is wrong with the others', () => {
    const { rules, problems } = parseSitePermissions({
      'https://example.com': { camera: 'denied' },
      'https://example.com/path': { camera: 'denied' },
      'file:///etc': { camera: 'denied' },
      'https://shop.example': { camera: 'yes' },
    });
    assert.deepEqual(rules, { 'https://example.com': { camera: 'denied' } });
    assert.deepEqual(problems, [
      '"https://example.com/path" is not an origin (scheme, host and port, such as https://example.com)',
      '"file:///etc" is not an origin (scheme, host and port, such as https://example.com)',
      '"https://shop.example".camera: Invalid option: expected one of "granted"|"denied"|"prompt"',
    ]);
  });
});
