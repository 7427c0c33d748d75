import * as assert from 'node:assert/strict';
import { makeManager, sessionOnPage, waitFor } from './support';
import { pageTitleLabel, SessionLabels } from '../../src/cdp/sessionLabels';

describe('session labels', function () {
  it("follow the first page's title until the developer renames the session, and again once the name is cleared", async () => {
    const fixture = await sessionOnPage({ '/welcome.html': '<title>Shop</title><h1>Shop</h1>' }, '/welcome.html');
    const labels = new SessionLabels(fixture.manager);
    const label = () => fixture.manager.get(fixture.sessionId)!.label;
    try {
      await waitFor(() => label() === 'Shop', 'the label "Shop" instead of "welcome.html"');
      await fixture.page.evaluate(() => (document.title = 'Cart (2)'));
      await waitFor(() => label() === 'Cart (2)', 'the label following the title');

      await fixture.manager.rename(fixture.sessionId, '  Checkout test  ');
      await fixture.page.evaluate(() => (document.title = 'Payment'));
      await new Promise((resolve) => setTimeout(resolve, 2500)); // past a title poll: an unnamed session would follow by now
      assert.equal(label(), 'Checkout test', 'a renamed session keeps its name');

      // Another window reads the name from the registry.
      const other = makeManager(fixture.storageDir);
      try {
        await other.manager.refresh();
        assert.equal(other.manager.get(fixture.sessionId)?.label, 'Checkout test');
      } finally {
        other.dispose();
      }

      await fixture.manager.rename(fixture.sessionId, '');
      await waitFor(() => label() === 'Payment', 'the label following the title again');
    } finally {
      labels.dispose();
      await fixture.close();
    }
  });

  it('takes no label from a page without a title of its own (Chromium reports its address instead)', () => {
    const table: Array<[title: string, url: string, label: string | undefined]> = [
      ['Shop', 'http://127.0.0.1:8080/', 'Shop'],
      ['  Inbox   (3) ', 'https://mail.example/', 'Inbox (3)'],
      ['', 'http://127.0.0.1:8080/', undefined],
      ['127.0.0.1:8080/form', 'http://127.0.0.1:8080/form', undefined],
      ['localhost:3000', 'http://localhost:3000/', undefined],
      ['about:blank', 'about:blank', undefined],
      ['x'.repeat(200), 'http://a.example/', `${'x'.repeat(79)}…`],
    ];
    for (const [title, url, label] of table) {
      assert.equal(pageTitleLabel(title, url), label, `${JSON.stringify(title)} on ${url}`);
    }
  });
});
