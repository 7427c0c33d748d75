import * as assert from 'node:assert/strict';
import { isAgentError } from '../../src/cdp/action/agentError';
import { checkOrigin, OriginRules } from '../../src/cdp/agent/originPolicy';

const open: OriginRules = { allowed: [], denied: [] };
const shopOnly: OriginRules = { allowed: ['https://shop.example', '*.corp.example', 'localhost'], denied: ['https://admin.corp.example'] };
const denyBank: OriginRules = { allowed: [], denied: ['*.bank.example', 'http://127.0.0.1:9000/'] };

// Where the agent may take a page: [address, rules, allowed, or the words that say why not].
const TABLE: ReadonlyArray<readonly [string, OriginRules, true | RegExp]> = [
  ['https://anything.example/x', open, true],
  ['about:blank', shopOnly, true],
  ['data:text/html,hi', shopOnly, true],
  ['blob:https://shop.example/3f2a', denyBank, true],
  ['file:///etc/passwd', open, /file: pages are local .* unless the developer allows them/],
  ['file:///tmp/page.html', { ...open, allowFiles: true }, true],
  ['chrome://settings', { ...open, allowFiles: true }, /chrome: pages are local/],
  ['https://shop.example/cart', shopOnly, true],
  ['http://shop.example/cart', shopOnly, /http:\/\/shop\.example is not on the developer's allow list/],
  ['https://shop.example:8443/', shopOnly, /not on the developer's allow list/],
  ['https://corp.example/', shopOnly, true],
  ['https://wiki.corp.example/page', shopOnly, true],
  ['https://notcorp.example/', shopOnly, /not on the developer's allow list/],
  ['https://admin.corp.example/users', shopOnly, /https:\/\/admin\.corp\.example is on the developer's deny list/],
  ['http://localhost:3000/', shopOnly, true],
  ['https://www.bank.example/login', denyBank, /deny list/],
  ['https://bank.example/', denyBank, /deny list/],
  ['https://bank.example.evil/', denyBank, true],
  ['http://127.0.0.1:9000/admin', denyBank, /deny list/],
  ['http://127.0.0.1:9001/', denyBank, true],
  ['HTTPS://WWW.BANK.EXAMPLE/', denyBank, /deny list/],
];

describe('origin rules', () => {
  for (const [address, rules, expected] of TABLE) {
    it(`${expected === true ? 'lets the agent open' : 'keeps the agent from'} ${address}`, () => {
      if (expected === true) {
        assert.doesNotThrow(() => checkOrigin(address, rules));
      } else {
        assert.throws(() => checkOrigin(address, rules), (error: unknown) => isAgentError(error) && error.code === 'ORIGIN_BLOCKED' && expected.test(error.message));
      }
    });
  }
});
