import * as assert from 'node:assert/strict';
import type { CDPSession } from 'puppeteer-core';
import { domCandidates } from '../../src/cdp/recorder/selectorCandidates';
import { sessionOnPage } from './support';

// Ids a recorder should keep (people wrote them, they survive a reload) and ids it must drop (made at
// run time: a flow carrying them fails on the next load). The random ones are what
// Math.random().toString(36) and common id makers produce.
const STABLE = ['email', 'search', 'submit-btn', 'user_name', 'address-line-1', 'step2', 'h1-title', 'v2-checkout', 'col-md-6', 'cc-number', 'q', 'main-nav', 'tab3', 'x', 'login-form-2fa', 'price-usd', 'section-42', 'ID_CARD', 'mp3-player', 'b2b-signup'];
const GENERATED = [
  'k3j9x2a1zq', // Math.random().toString(36).slice(2)
  'size-k3j9x2a1', // a prefix and a random part
  '4fzyo82mvyr',
  'x7f3kq9w',
  'field-83af92c1', // hex
  'r2d2c3p0-9zk1', // base 36 with a dash
  ':r1:', // React useId
  ':R2dm:',
  'ember1234',
  'input-1700000000000', // a timestamp
  'uid-0a8f5c2e-4b1d-4c8e-9f3a-6d2b7e1c0f94', // a UUID
  'mui-37461',
  'el_9q2w8e7r',
  'gen-a1b2c3',
];

describe('generated ids (what the recorder keeps as #id)', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let client: CDPSession;

  before(async () => {
    const elements = [...STABLE, ...GENERATED].map((id) => `<div id="${id}">${id}</div>`).join('');
    fixture = await sessionOnPage({ '/ids': `<!doctype html><title>ids</title>${elements}` }, '/ids');
    client = await fixture.page.createCDPSession();
  });
  after(async () => {
    await client.detach();
    await fixture.close();
  });

  const idSelectorOf = async (id: string): Promise<string | undefined> => {
    const { result } = await client.send('Runtime.evaluate', { expression: `document.getElementById(${JSON.stringify(id)})` });
    const { result: candidates } = await client.send('Runtime.callFunctionOn', { objectId: result.objectId!, functionDeclaration: domCandidates.toString(), returnByValue: true });
    return (candidates.value as { levels: string[][] }).levels.flat().find((selector) => selector.startsWith('#'));
  };

  for (const id of STABLE) {
    it(`keeps ${JSON.stringify(id)}`, async () => assert.ok(await idSelectorOf(id), `#${id} was dropped`));
  }
  for (const id of GENERATED) {
    it(`drops ${JSON.stringify(id)}`, async () => assert.equal(await idSelectorOf(id), undefined));
  }
});
