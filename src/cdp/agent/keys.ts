import type { KeyAction } from '../pageInput';
import { AgentError } from '../action/agentError';

/** Named keys a model may press: key -> [code, Windows key code, text typed]. */
const NAMED: Record<string, readonly [string, number, string]> = {
  Enter: ['Enter', 13, '\r'],
  Tab: ['Tab', 9, ''],
  Escape: ['Escape', 27, ''],
  Backspace: ['Backspace', 8, ''],
  Delete: ['Delete', 46, ''],
  ArrowUp: ['ArrowUp', 38, ''],
  ArrowDown: ['ArrowDown', 40, ''],
  ArrowLeft: ['ArrowLeft', 37, ''],
  ArrowRight: ['ArrowRight', 39, ''],
  Home: ['Home', 36, ''],
  End: ['End', 35, ''],
  PageUp: ['PageUp', 33, ''],
  PageDown: ['PageDown', 34, ''],
  ' ': ['Space', 32, ' '],
  Space: ['Space', 32, ' '],
};
const MODIFIERS: Record<string, [key: string, code: string, keyCode: number, bit: number]> = {
  Alt: ['Alt', 'AltLeft', 18, 1],
  Control: ['Control', 'ControlLeft', 17, 2],
  Meta: ['Meta', 'MetaLeft', 91, 4],
  Shift: ['Shift', 'ShiftLeft', 16, 8],
};

/**
 * The key events for a chord such as "Enter", "a", "Control+A" or "Shift+Tab": modifiers down, the
 * key down and up, modifiers up, as a keyboard sends them.
 */
export function keyEvents(chord: string): KeyAction[] {
  // "+" and "Control++" press the plus key itself; in any other chord "+" joins the keys.
  const plusKey = chord === '+' || chord.endsWith('++');
  const names = plusKey ? chord.slice(0, -2) : chord;
  const parts = names ? names.split('+').map((part) => part.trim()) : [];
  const main = plusKey ? '+' : (parts.pop() ?? '');
  const modifiers = parts.map((name) => {
    const modifier = MODIFIERS[name === 'Ctrl' ? 'Control' : name === 'Cmd' ? 'Meta' : name];
    if (!modifier) {
      throw new AgentError('INVALID_INPUT', `"${name}" is not a modifier. Use Alt, Control, Meta or Shift, e.g. "Control+A".`);
    }
    return modifier;
  });
  const named = NAMED[main];
  if (!named && [...main].length !== 1) {
    throw new AgentError('INVALID_INPUT', `"${main}" is not a key. Use one character or one of: ${Object.keys(NAMED).filter((key) => key !== ' ').join(', ')}.`);
  }
  const bits = modifiers.reduce((sum, [, , , bit]) => sum | bit, 0);
  const shifted = (bits & 8) !== 0;
  const character = shifted ? main.toUpperCase() : main;
  const [code, keyCode, typed] = named ?? [/^[a-z]$/i.test(main) ? `Key${main.toUpperCase()}` : /^\d$/.test(main) ? `Digit${main}` : '', main.toUpperCase().charCodeAt(0), character];
  // A chord with Control, Alt or Meta is a shortcut: it types nothing.
  const text = bits & 7 ? '' : typed;
  const key = named ? main.replace('Space', ' ') : character;
  const event = (action: KeyAction['action'], name: string, eventCode: string, eventKeyCode: number, eventText: string, modifierBits: number): KeyAction => ({
    action,
    key: name,
    code: eventCode,
    text: eventText,
    keyCode: eventKeyCode,
    location: 0,
    autoRepeat: false,
    modifiers: modifierBits,
  });
  let held = 0;
  const down = modifiers.map(([name, modifierCode, modifierKeyCode, bit]) => event('keyDown', name, modifierCode, modifierKeyCode, '', (held |= bit)));
  const up = [...modifiers].reverse().map(([name, modifierCode, modifierKeyCode, bit]) => event('keyUp', name, modifierCode, modifierKeyCode, '', (held &= ~bit)));
  return [...down, event('keyDown', key, code, keyCode, text, bits), event('keyUp', key, code, keyCode, '', bits), ...up];
}
