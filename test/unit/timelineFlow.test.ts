import * as assert from 'node:assert/strict';
import type { TimelineEntry, TimelineStep } from '../../src/cdp/timeline/timelineEntry';
import { timelineFlow } from '../../src/cdp/timeline/timelineFlow';

const SIGNUP = 'http://127.0.0.1:9/signup';
const POPUP = 'http://127.0.0.1:9/popup-form';
const email = [['aria/Email[role="textbox"]'], ['input[name="email"]']];

let seq = 0;
const entry = (actor: TimelineEntry['actor'], action: string, steps: TimelineStep[], more: Partial<TimelineEntry> = {}): TimelineEntry => ({
  seq: ++seq,
  time: new Date(1_800_000_000_000 + seq * 1000).toISOString(),
  actor,
  action,
  steps,
  page: 'AB12',
  url: SIGNUP,
  durationMs: 1,
  result: 'ok',
  ...more,
});

describe('a timeline range as a flow', () => {
  seq = 0;
  const timeline = [
    entry('developer', 'click', [{ type: 'click', selectors: email, offsetX: 1, offsetY: 1 }]), // #1
    entry('developer', 'change', [{ type: 'change', selectors: email, value: 'a' }]), // #2
    entry('developer', 'change', [{ type: 'change', selectors: email, value: 'ada@example.com' }]), // #3
    entry('developer', 'handToAgent', [], { page: undefined, url: undefined }), // #4
    entry('agent', 'snapshot', [], { client: 'mcp:test' }), // #5
    entry('agent', 'type', [{ type: 'change', selectors: [['input[name="password"]']], value: '{{secret:password}}' }], { client: 'mcp:test' }), // #6
    entry('agent', 'click', [{ type: 'click', selectors: [['#nothing']], offsetX: 1, offsetY: 1 }], { result: 'NOT_FOUND' }), // #7
    entry('agent', 'press', [{ type: 'keyDown', key: 'Enter' }, { type: 'keyUp', key: 'Enter' }]), // #8
    entry('developer', 'keyUp', [{ type: 'keyUp', key: 'Shift' }]), // #9: its press came before the range
    entry('developer', 'click', [{ type: 'click', selectors: [['button']], offsetX: 1, offsetY: 1 }], { page: 'CD34', url: POPUP }), // #10
  ];

  it("keeps the steps of whoever acted, in order, going first to where the range began; reads, hand-overs and failures left out", () => {
    const flow = timelineFlow(timeline, { fromSeq: 2, toSeq: 8 }, 'From the timeline');
    assert.equal(flow.title, 'From the timeline');
    assert.deepEqual(flow.steps, [
      { type: 'navigate', url: SIGNUP },
      { type: 'change', selectors: email, value: 'ada@example.com' }, // #2 and #3: one field, its last value
      { type: 'change', selectors: [['input[name="password"]']], value: '{{secret:password}}' }, // the agent's; the password stays a secret
      { type: 'keyDown', key: 'Enter' },
      { type: 'keyUp', key: 'Enter' },
    ]);
  });

  it('runs to the last entry when no end is given; a step on another page names that page, a release without its press is left out', () => {
    const flow = timelineFlow(timeline, { fromSeq: 8 }, 'To the end');
    assert.deepEqual(flow.steps, [
      { type: 'navigate', url: SIGNUP },
      { type: 'keyDown', key: 'Enter' },
      { type: 'keyUp', key: 'Enter' },
      { type: 'click', target: POPUP, selectors: [['button']], offsetX: 1, offsetY: 1 },
    ]);
  });

  it('says what is wrong with a range that holds nothing to replay', () => {
    assert.throws(() => timelineFlow(timeline, { fromSeq: 4, toSeq: 5 }, 'Reads'), /Entries #4 to #5 did nothing a flow can replay/);
    assert.throws(() => timelineFlow(timeline, { fromSeq: 40 }, 'Gone'), /The timeline has no entries from #40 \(it keeps #1 to #10\)/);
  });
});
