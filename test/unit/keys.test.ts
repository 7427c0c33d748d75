import * as assert from 'node:assert/strict';
import { isAgentError } from '../../src/cdp/action/agentError';
import { keyEvents } from '../../src/cdp/agent/keys';

// What press_key sends for a chord: [action, key, code, text, Windows key code, modifier bits] per event,
// as a real keyboard would (modifiers down first, released last; shortcuts type nothing).
const CHORDS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string, string, string, number, number]>]> = [
  ['+', [['keyDown', '+', '', '+', 43, 0], ['keyUp', '+', '', '', 43, 0]]],
  ['Enter', [['keyDown', 'Enter', 'Enter', '\r', 13, 0], ['keyUp', 'Enter', 'Enter', '', 13, 0]]],
  ['a', [['keyDown', 'a', 'KeyA', 'a', 65, 0], ['keyUp', 'a', 'KeyA', '', 65, 0]]],
  ['7', [['keyDown', '7', 'Digit7', '7', 55, 0], ['keyUp', '7', 'Digit7', '', 55, 0]]],
  ['Space', [['keyDown', ' ', 'Space', ' ', 32, 0], ['keyUp', ' ', 'Space', '', 32, 0]]],
  ['Shift+a', [['keyDown', 'Shift', 'ShiftLeft', '', 16, 8], ['keyDown', 'A', 'KeyA', 'A', 65, 8], ['keyUp', 'A', 'KeyA', '', 65, 8], ['keyUp', 'Shift', 'ShiftLeft', '', 16, 0]]],
  ['Control+A', [['keyDown', 'Control', 'ControlLeft', '', 17, 2], ['keyDown', 'A', 'KeyA', '', 65, 2], ['keyUp', 'A', 'KeyA', '', 65, 2], ['keyUp', 'Control', 'ControlLeft', '', 17, 0]]],
  ['Ctrl+Shift+Tab', [
    ['keyDown', 'Control', 'ControlLeft', '', 17, 2], ['keyDown', 'Shift', 'ShiftLeft', '', 16, 10],
    ['keyDown', 'Tab', 'Tab', '', 9, 10], ['keyUp', 'Tab', 'Tab', '', 9, 10],
    ['keyUp', 'Shift', 'ShiftLeft', '', 16, 2], ['keyUp', 'Control', 'ControlLeft', '', 17, 0],
  ]],
  ['Cmd+c', [['keyDown', 'Meta', 'MetaLeft', '', 91, 4], ['keyDown', 'c', 'KeyC', '', 67, 4], ['keyUp', 'c', 'KeyC', '', 67, 4], ['keyUp', 'Meta', 'MetaLeft', '', 91, 0]]],
  ['Control++', [['keyDown', 'Control', 'ControlLeft', '', 17, 2], ['keyDown', '+', '', '', 43, 2], ['keyUp', '+', '', '', 43, 2], ['keyUp', 'Control', 'ControlLeft', '', 17, 0]]],
];

const REFUSED: ReadonlyArray<readonly [string, RegExp]> = [
  ['Hyper+a', /"Hyper" is not a modifier/],
  ['Return', /"Return" is not a key/],
  ['Control+', /"" is not a key/],
  ['Control+Shift', /"Shift" is not a key/],
];

describe('key chords', () => {
  for (const [chord, expected] of CHORDS) {
    it(`presses ${chord} as a keyboard would`, () => {
      const events = keyEvents(chord).map((event) => [event.action, event.key, event.code, event.text, event.keyCode, event.modifiers]);
      assert.deepEqual(events, expected);
    });
  }

  for (const [chord, message] of REFUSED) {
    it(`refuses "${chord}", saying what to use instead`, () => {
      assert.throws(() => keyEvents(chord), (error: unknown) => isAgentError(error) && error.code === 'INVALID_INPUT' && message.test(error.message));
    });
  }
});
