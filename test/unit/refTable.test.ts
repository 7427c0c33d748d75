import * as assert from 'node:assert/strict';
import type { AxItem } from '../../src/cdp/agent/axTree';
import { RefTable } from '../../src/cdp/agent/refTable';

/** An element of the snapshot: only its frame and node matter to its ref. */
const element = (frameId: string, backendNodeId: number): AxItem => ({ role: 'button', name: '', attributes: [], backendNodeId, frameId, actionable: true, children: [] });

type Step = { readonly ref: readonly [string, number] } | { readonly retire: string };

// What the agent gets back for each step (`ref` answers the ref given), then what a lookup of each ref says.
const ROWS: ReadonlyArray<readonly [string, readonly Step[], Readonly<Record<string, string>>]> = [
  ['one element seen twice keeps its ref', [{ ref: ['main', 7] }, { ref: ['main', 7] }], { e1: 'main:7', e2: 'no ref e2' }],
  ['the same node id in two frames is two elements', [{ ref: ['main', 7] }, { ref: ['child', 7] }], { e1: 'main:7', e2: 'child:7' }],
  ['a navigation retires every ref, saying why', [{ ref: ['main', 7] }, { retire: 'it navigated' }], { e1: 'before the page changed (it navigated)' }],
  ['numbers never restart: an old ref cannot name a new element', [{ ref: ['main', 7] }, { retire: 'it navigated' }, { ref: ['main', 7] }], { e1: 'before the page changed', e2: 'main:7' }],
  ['a ref never issued, or not a ref at all', [{ ref: ['main', 7] }], { e9: 'no ref e9', '7': 'no ref 7', 'e1 ': 'no ref e1 ' }],
];

describe('snapshot refs (RefTable)', () => {
  for (const [what, steps, lookups] of ROWS) {
    it(what, () => {
      const table = new RefTable();
      for (const step of steps) {
        if ('retire' in step) {
          table.retire(step.retire);
        } else {
          table.refFor(element(...step.ref));
        }
      }
      for (const [ref, expected] of Object.entries(lookups)) {
        const { element: found, problem } = table.lookup(ref);
        const said = found ? `${found.frameId}:${found.backendNodeId}` : problem!;
        assert.ok(said.includes(expected), `${ref}: expected "${expected}", got "${said}"`);
      }
    });
  }
});
