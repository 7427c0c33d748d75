/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { CDPSession } from 'puppeteer-core';
import type { RecordedEvent } from '../../src/cdp/pageSide/recorderScript';
import { RECORDER_GLOBAL } from '../../src/cdp/pageSide/recorderScript';
import { StepPlace, stepFor } from '../../src/cdp/recorder/recordedSteps';
import { sessionOnPage } from './support';

// What the page reports in, the Recorder step out. The page stands in for the recorder script's
// element lookup (`element(id)`: the element marked data-id), so each row names its element by id as
// the script would; the host side under test asks the real page for selectors.
const PAGE = `<!doctype html><title>steps</title>
<button data-id="1">Save</button><input data-id="2" type="password" name="pw"><div data-id="3" style="overflow:auto;height:40px">scrolls</div>
<script>globalThis.${RECORDER_GLOBAL} = { element: (id) => document.querySelector('[data-id="' + id + '"]') };</script>`;

const FIRST_PAGE: StepPlace = { page: 'p1', frame: [] };
const IN_POPUP: StepPlace = { page: 'p1', target: 'http://127.0.0.1/popup', frame: [] };
const IN_FRAME: StepPlace = { page: 'p1', frame: [0, 1] };
const LEFT_ARIA = 'aria/Gone[role="button"]';

const CASES: ReadonlyArray<{ name: string; event: Exclude<RecordedEvent, { kind: 'aria' }>; place: StepPlace; expected: object | undefined }> = [
  { name: 'a key on the first page has no target', event: { kind: 'keyDown', key: 'Enter' }, place: FIRST_PAGE, expected: { type: 'keyDown', key: 'Enter' } },
  { name: "a key in a popup names the popup's address", event: { kind: 'keyUp', key: 'a' }, place: IN_POPUP, expected: { type: 'keyUp', target: IN_POPUP.target, key: 'a' } },
  {
    name: 'a resize is a setViewport at scale 1',
    event: { kind: 'viewport', width: 800, height: 600 },
    place: FIRST_PAGE,
    expected: { type: 'setViewport', width: 800, height: 600, deviceScaleFactor: 1, isMobile: false, hasTouch: false, isLandscape: false },
  },
  { name: "the window's scroll in a frame has a frame path and no selectors", event: { kind: 'scroll', x: 0, y: 300 }, place: IN_FRAME, expected: { type: 'scroll', frame: [0, 1], x: 0, y: 300 } },
  { name: "an element's scroll names the element", event: { kind: 'scroll', id: 3, x: 0, y: 12 }, place: FIRST_PAGE, expected: { type: 'scroll', selectors: [['text/scrolls'], ['div']], x: 0, y: 12 } },
  {
    name: 'a click names its element by role and name first, with where in it',
    event: { kind: 'click', id: 1, offsetX: 4, offsetY: 5 },
    place: IN_POPUP,
    expected: { type: 'click', target: IN_POPUP.target, selectors: [['aria/Save[role="button"]'], ['text/Save'], ['button']], offsetX: 4, offsetY: 5 },
  },
  {
    name: "a password's change keeps its value in the page: a secret placeholder",
    event: { kind: 'change', id: 2, value: 'hunter2', secret: true, secretName: 'pw' },
    place: FIRST_PAGE,
    expected: { type: 'change', selectors: [['input[name="pw"]'], ['input']], value: '{{secret:pw}}' },
  },
  { name: 'a change with no value is an empty one', event: { kind: 'change', id: 2 }, place: FIRST_PAGE, expected: { type: 'change', selectors: [['input[name="pw"]'], ['input']], value: '' } },
  {
    name: 'an element already gone is found by what the page took at once, and the name it had as it went',
    event: { kind: 'doubleClick', id: 99, offsetX: 1, offsetY: 2, dom: { levels: [['#gone', 'main > button']], uniqueText: 'Gone' } },
    place: IN_FRAME,
    expected: { type: 'doubleClick', frame: [0, 1], selectors: [[LEFT_ARIA], ['text/Gone'], ['#gone'], ['main > button']], offsetX: 1, offsetY: 2 },
  },
  { name: 'an element gone with nothing taken makes no step', event: { kind: 'click', id: 99, offsetX: 0, offsetY: 0 }, place: FIRST_PAGE, expected: undefined },
];

describe('recorded steps: what the page reports -> the Recorder step', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let client: CDPSession;
  let contextId: number;

  before(async () => {
    fixture = await sessionOnPage({ '/': PAGE }, '/');
    client = await fixture.page.createCDPSession();
    const created = new Promise<number>((resolve) => client.on('Runtime.executionContextCreated', ({ context }) => context.auxData?.isDefault && resolve(context.id)));
    await client.send('Runtime.enable');
    contextId = await created;
  });
  after(async () => {
    await client.detach();
    await fixture.close();
  });

  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const step = await stepFor(client, testCase.event, contextId, testCase.place, RECORDER_GLOBAL, (id) => (id === 99 ? LEFT_ARIA : undefined));
      assert.deepEqual(step, testCase.expected);
      assert.ok(!JSON.stringify(step ?? {}).includes('hunter2'), 'a typed password never reaches a step');
    });
  }
});
