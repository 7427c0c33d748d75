import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FlowFormatError, parseFlow } from '../../src/cdp/recorder/flowSchema';

const DEVTOOLS_RECORDING = readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'devtools-recording.json'), 'utf8');
const click = { type: 'click', selectors: [['#go']], offsetX: 1, offsetY: 2 };

// A malformed flow, and the message that must name its step and field.
const MALFORMED: ReadonlyArray<[name: string, flow: unknown, message: string]> = [
  ['not JSON', '{"title": "x", steps: []', 'The flow is not JSON:'],
  ['no title', { steps: [click] }, "The flow's title:"],
  ['no steps', { title: 'x', steps: [] }, "The flow's steps: needs at least one step."],
  ['an unknown step type', { title: 'x', steps: [click, { type: 'teleport' }] }, 'Step 2 (teleport): type: is not a step type a replay knows.'],
  ['a click without selectors', { title: 'x', steps: [{ type: 'click', selectors: [], offsetX: 1, offsetY: 1 }] }, 'Step 1 (click): selectors: needs at least one selector.'],
  ['a click without an offset', { title: 'x', steps: [{ type: 'click', selectors: [['#go']], offsetX: 1 }] }, 'Step 1 (click): offsetY:'],
  ['a change without a value', { title: 'x', steps: [click, click, { type: 'change', selectors: [['#name']] }] }, 'Step 3 (change): value:'],
  ['a navigate without a url', { title: 'x', steps: [{ type: 'navigate' }] }, 'Step 1 (navigate): url:'],
  ['an empty selector part', { title: 'x', steps: [{ type: 'click', selectors: [['#go', '']], offsetX: 1, offsetY: 1 }] }, 'Step 1 (click): selectors.0.1:'],
];

describe('user flow format', () => {
  it('reads a flow exported by Chrome DevTools Recorder, unknown fields and all', () => {
    const flow = parseFlow(DEVTOOLS_RECORDING);
    assert.equal(flow.title, 'Sign up for Pro');
    assert.deepEqual(
      flow.steps.map((step) => step.type),
      ['setViewport', 'navigate', 'click', 'change', 'keyDown', 'keyUp', 'change', 'click'],
    );
    assert.deepEqual(JSON.parse(JSON.stringify(flow)), JSON.parse(DEVTOOLS_RECORDING), 'nothing is lost or added');
  });

  for (const [name, flow, message] of MALFORMED) {
    it(`says which step and field are wrong: ${name}`, () => {
      assert.throws(
        () => parseFlow(flow),
        (error: unknown) => error instanceof FlowFormatError && error.message.startsWith(message),
      );
    });
  }
});
