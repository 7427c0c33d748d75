/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { ElementHandle } from 'puppeteer-core';
import { Selector, selectorsFor } from '../../src/cdp/recorder/selectorGenerator';
import { sessionOnPage } from './support';

// HTML in, selectors out. The element marked data-pick is the one recorded (the marker is not a test
// id, so it changes nothing). Every expected selector must also find exactly that element through
// puppeteer's own query handlers, as a replay would.
const CASES: ReadonlyArray<{ name: string; html: string; pick?: string; expected: Selector[] }> = [
  {
    name: 'a test id comes first',
    html: '<main><button data-testid="save-draft" data-pick>Save</button><button>Publish</button></main>',
    expected: [['[data-testid="save-draft"]'], ['aria/Save[role="button"]'], ['text/Save'], ['button:nth-of-type(1)']],
  },
  {
    name: 'role and accessible name, then text',
    html: '<nav><a href="/">Home</a> <a href="/about" data-pick>About</a></nav>',
    expected: [['aria/About[role="link"]'], ['text/About'], ['a:nth-of-type(2)']],
  },
  {
    name: 'ambiguous names fall back to a CSS path',
    html: '<ul><li>Milk <button>Delete</button></li><li>Eggs <button data-pick>Delete</button></li></ul>',
    expected: [['li:nth-of-type(2) > button']],
  },
  {
    name: 'a generated id is never used; the label names the field',
    html: '<label for="field-83af92c1">Email</label><input id="field-83af92c1" name="email" data-pick>',
    expected: [['aria/Email[role="textbox"]'], ['input[name="email"]'], ['input']],
  },
  {
    name: 'a stable id and a placeholder',
    html: '<input id="search" placeholder="Search docs" data-pick>',
    expected: [['aria/Search docs[role="textbox"]'], ['input[placeholder="Search docs"]'], ['#search'], ['input']],
  },
  {
    name: 'a repeated test id is not unique, so it is left out',
    html: '<div data-testid="row"><button>Open</button></div><div data-testid="row"><button data-pick>Edit</button></div>',
    expected: [['aria/Edit[role="button"]'], ['text/Edit'], ['div:nth-of-type(2) > button']],
  },
  {
    name: 'inside a shadow root: aria pierces it, CSS goes through the host',
    html: `<shop-card></shop-card><script>document.querySelector('shop-card').attachShadow({ mode: 'open' }).innerHTML = '<p>Tea</p><button data-pick>Buy</button>';</script>`,
    pick: 'shadow',
    expected: [['aria/Buy[role="button"]'], ['shop-card', 'button']],
  },
];

describe('selector generator', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    const pages = Object.fromEntries(CASES.map((testCase, index) => [`/case-${index}`, `<!doctype html><title>case</title><body>${testCase.html}</body>`]));
    fixture = await sessionOnPage(pages, '/case-0');
  });
  after(async () => {
    await fixture.close();
  });

  CASES.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const { page } = fixture;
      await page.goto(`${fixture.site.url}/case-${index}`);
      const target = (await page.evaluateHandle((shadow) => {
        const host = document.querySelector('shop-card');
        return shadow && host?.shadowRoot ? host.shadowRoot.querySelector('[data-pick]') : document.querySelector('[data-pick]');
      }, testCase.pick === 'shadow')) as ElementHandle<Element>;
      const client = await page.createCDPSession();
      try {
        // Our generator runs on a CDP session of its own, as the recorder's does.
        const where = testCase.pick === 'shadow' ? "document.querySelector('shop-card').shadowRoot" : 'document';
        const { result } = await client.send('Runtime.evaluate', { expression: `${where}.querySelector('[data-pick]')` });
        const selectors = await selectorsFor(client, result.objectId!);
        assert.deepEqual(selectors, testCase.expected);
        for (const selector of selectors) {
          const found = await page.$(selector.join(' >>> '));
          assert.ok(found && (await page.evaluate((a, b) => a === b, found, target)), `${JSON.stringify(selector)} finds the recorded element in puppeteer`);
        }
      } finally {
        await client.detach();
      }
    });
  });
});
