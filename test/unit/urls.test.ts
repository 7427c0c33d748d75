import * as assert from 'node:assert/strict';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { startUrlCandidates } from '../../src/cdp/urls';

// What a person types in the address bar or New Session, and what is opened, in order.
const TABLE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['localhost:3000', ['http://localhost:3000/']],
  ['localhost', ['http://localhost/']],
  ['app.localhost:8080/login', ['http://app.localhost:8080/login']],
  ['127.0.0.1', ['http://127.0.0.1/']],
  ['127.0.0.1:5173/x?y=1', ['http://127.0.0.1:5173/x?y=1']],
  ['192.168.1.20:8080', ['http://192.168.1.20:8080/']],
  ['[::1]:4000', ['http://[::1]:4000/']],
  ['example.com', ['https://example.com/', 'http://example.com/']],
  ['  shop.example/cart  ', ['https://shop.example/cart', 'http://shop.example/cart']],
  ['example.com:8443', ['https://example.com:8443/', 'http://example.com:8443/']],
  ['http://example.com', ['http://example.com/']],
  ['https://localhost:3000', ['https://localhost:3000/']],
  ['HTTPS://Example.COM/A', ['https://example.com/A']],
  ['about:blank', ['about:blank']],
  ['file:///tmp/page.html', ['file:///tmp/page.html']],
  ['data:text/html,hi', ['data:text/html,hi']],
];

const REFUSED: ReadonlyArray<readonly [string, RegExp]> = [
  ['javascript:alert(1)', /uses javascript:/],
  ['chrome://settings', /uses chrome:/],
  ['http://', /not a valid address|no host/],
  ['', /not a valid address|no host/],
];

describe('start URLs (what the address bar opens)', function () {
  for (const [typed, opened] of TABLE) {
    it(`${JSON.stringify(typed)} opens ${opened.join(', then ')}`, () => assert.deepEqual(startUrlCandidates(typed), opened));
  }
  for (const [typed, reason] of REFUSED) {
    it(`refuses ${JSON.stringify(typed)}`, () => assert.throws(() => startUrlCandidates(typed), (error: BrowserCanvasError) => error.code === 'INVALID_URL' && reason.test(error.message)));
  }
});
