import * as assert from 'node:assert/strict';
import type { CDPSession } from 'puppeteer-core';
import { domCandidates } from '../../src/cdp/pageSide/selectorCandidates';
import { sessionOnPage } from './support';

// Ids a recorder should keep (people wrote them, they survive a reload) and ids it must drop (made at
// run time: a flow carrying them fails on the next load).
const STABLE = [
  'main', 'search-input', 'checkout-button', 'step2', 'h1-title', 'size-large', 'email', 'search', 'submit-btn', 'user_name',
  'address-line-1', 'v2-checkout', 'col-md-6', 'cc-number', 'q', 'main-nav', 'tab3', 'x', 'login-form-2fa', 'price-usd',
  'section-42', 'ID_CARD', 'mp3-player', 'b2b-signup', 'feedback-2', 'searchBox', 'firstName', 'navbar', 'faq', 'i18n-menu', 'iPhone-case',
];
const GENERATED = [
  // Math.random().toString(36).slice(2, …), alone or after a word
  'k3j9x2a1zq', 'size-k3j9x2', '4fzyo82mvyr', 'x7f3kq9w', 'wswhratawke', 'acdms6jhlv', 'i60tqd', 'size-pfmrhp', 'size-qre6rr', 'el_9q2w8e7r', 'gen-a1b2c3',
  // hex and uuids
  'field-83af92c1', 'd41d8cd98f00b204', 'uid-0a8f5c2e-4b1d-4c8e-9f3a-6d2b7e1c0f94', '550e8400-e29b-41d4-a716-446655440000',
  // what frameworks make: React's useId, Ember, MUI, CSS-module hashes
  ':r1:', ':R2dm:', '«r1»', 'ember12', 'ember1234', 'mui-37461', 'Button_primary__3xK9a', 'card__xKqzA', '_2TXPUbhW0oF7Ngy4Fz3D',
  // numbers: counters, timestamps, database keys
  '42', 'input-1700000000000', 'r2d2c3p0-9zk1',
];

/** Base-36 ids as `Math.random().toString(36).slice(2)` makes them, from a seeded generator so each run sees the same ones. */
function base36Ids(count: number, seed: number): string[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: 11 }, () => Math.floor(next() * 36).toString(36)).join(''));
}

describe('generated ids (what the recorder keeps as #id)', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let client: CDPSession;
  const sample = base36Ids(500, 16);

  before(async () => {
    const elements = [...STABLE, ...GENERATED, ...sample].map((id) => `<div id="${id}">${id}</div>`).join('');
    fixture = await sessionOnPage({ '/ids': `<!doctype html><meta charset="utf-8"><title>ids</title>${elements}` }, '/ids');
    client = await fixture.page.createCDPSession();
  });
  after(async () => {
    await client.detach();
    await fixture.close();
  });

  /** The ids of `ids` whose elements the recorder would select by `#id`. */
  const keptIds = async (ids: string[]): Promise<string[]> => {
    const { result } = await client.send('Runtime.evaluate', {
      expression: `(${(ids: string[], candidates: string) => {
        const candidatesOf = new Function(`return ${candidates}`)() as (this: Element) => { levels: string[][] };
        return ids.filter((id) => candidatesOf.call(document.getElementById(id)!).levels.flat().some((selector) => selector.startsWith('#')));
      }})(${JSON.stringify(ids)}, ${JSON.stringify(domCandidates.toString())})`,
      returnByValue: true,
    });
    return result.value as string[];
  };

  for (const id of STABLE) {
    it(`keeps ${JSON.stringify(id)}`, async () => assert.deepEqual(await keptIds([id]), [id], `#${id} was dropped`));
  }
  for (const id of GENERATED) {
    it(`drops ${JSON.stringify(id)}`, async () => assert.deepEqual(await keptIds([id]), []));
  }
  it('drops at least 95% of base-36 random ids', async () => {
    const kept = await keptIds(sample);
    assert.ok(kept.length <= sample.length * 0.05, `kept ${kept.length} of ${sample.length}: ${kept.join(' ')}`);
  });
});
