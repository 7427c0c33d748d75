import * as assert from 'node:assert/strict';
import { labelFor } from '../../src/cdp/startPage';

// A new session's name in the Sessions view and on its tile, from the address it starts on.
const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['https://shop.example/cart?id=3', 'shop.example'],
  ['http://localhost:3000/', 'localhost:3000'],
  ['file:///tmp/my%20page.html', 'my page.html'],
  ['about:blank', 'about:blank'],
  ['data:text/html,hi', 'data:text/html,hi'],
];

describe('start page labels', () => {
  for (const [url, label] of LABELS) {
    it(`names a session started on ${url} "${label}"`, () => assert.equal(labelFor(url), label));
  }

  it('cuts an address too long to show to 80 characters', () => {
    const label = labelFor(`data:text/html,${'x'.repeat(500)}`);
    assert.equal(label.length, 80);
    assert.ok(label.endsWith('…'));
  });
});
