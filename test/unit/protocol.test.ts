import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/webview/protocol';

const TILE = 'D4164FC7504BE5F8047FFE0DFC22CBF0';

/** One well-formed message of every kind the webview sends. */
const validMessages: Record<string, unknown>[] = [
  { type: 'ready' },
  { type: 'visibleTiles', tiles: [{ tileId: TILE, width: 1280, height: 800 }] },
  { type: 'frameDrawn', tileId: TILE },
  { type: 'mouse', tileId: TILE, action: 'mousePressed', x: 10.5, y: 20, button: 'left', buttons: 1, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 8 },
  { type: 'mouse', tileId: TILE, action: 'mouseWheel', x: 10, y: 20, button: 'none', buttons: 0, clickCount: 0, deltaX: 0, deltaY: -120, modifiers: 0 },
  { type: 'key', tileId: TILE, action: 'keyDown', key: 'Enter', code: 'Enter', text: '\r', keyCode: 13, location: 0, autoRepeat: false, modifiers: 0 },
  { type: 'composition', tileId: TILE, action: 'commit', text: '日本語' },
  { type: 'clipboard', tileId: TILE, action: 'paste' },
  { type: 'navigate', tileId: TILE, url: 'http://127.0.0.1:8080/form' },
  { type: 'history', tileId: TILE, action: 'back' },
  { type: 'resizeTile', tileId: TILE, width: 1024, height: 768 },
  { type: 'closeTile', tileId: TILE },
  { type: 'chooseOption', tileId: TILE, requestId: 3, index: -1 },
  { type: 'answerDialog', tileId: TILE, accept: true, promptText: 'yes' },
  { type: 'layout', layout: { camera: { x: -20, y: 10, scale: 0.5 }, tiles: { [TILE]: { x: 0, y: 0, width: 1280, height: 800 } } } },
  { type: 'runCommand', command: 'newSession' },
];

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick };
}

/** Values of a JS type different from `value`'s: replacing a field with one always makes it invalid. */
function otherType(value: unknown, pick: <T>(items: readonly T[]) => T): unknown {
  const candidates: unknown[] = [42, 'text', true, null, [], {}].filter((candidate) => {
    const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
    return kind(candidate) !== kind(value);
  });
  return pick(candidates);
}

/** Every mutation here turns a valid message into an invalid one. */
function corrupt(message: Record<string, unknown>, rng: ReturnType<typeof random>): unknown {
  const keys = Object.keys(message);
  const copy: Record<string, unknown> = { ...message };
  const key = rng.pick(keys);
  switch (rng.pick(['drop', 'retype', 'extra', 'type', 'range', 'length'] as const)) {
    case 'drop': {
      const required = keys.filter((k) => k !== 'type' && k !== 'promptText');
      if (!required.length) {
        return {};
      }
      delete copy[rng.pick(required)];
      return copy;
    }
    case 'retype':
      copy[key] = otherType(copy[key], rng.pick);
      return copy;
    case 'extra':
      copy[rng.pick(['constructor', 'extra', 'toString', 'sessionId'])] = 1;
      return copy;
    case 'type':
      copy.type = rng.pick(['READY', 'eval', '', 'mouse ', 'navigate\u0000']);
      return copy;
    case 'range': {
      const numeric = keys.find((k) => typeof message[k] === 'number');
      copy[numeric ?? 'type'] = rng.pick([Number.NaN, Infinity, -1e12, 1e12]);
      return copy;
    }
    case 'length': {
      const textual = keys.find((k) => k !== 'type' && typeof message[k] === 'string') ?? 'tileId';
      copy[textual] = 'x'.repeat(10_001);
      return copy;
    }
  }
}

function garbage(rng: ReturnType<typeof random>, depth = 0): unknown {
  const shapes = ['number', 'string', 'null', 'bool', 'array', 'object', 'undefined'] as const;
  switch (rng.pick(depth > 2 ? shapes.slice(0, 4) : shapes)) {
    case 'number':
      return rng.pick([0, -1, 1e308, Number.NaN, rng.next() * 1e6]);
    case 'string':
      return rng.pick(['', 'Ready', '{"type":"ready"}', 'x'.repeat(1 + Math.floor(rng.next() * 5000))]);
    case 'null':
      return null;
    case 'bool':
      return rng.next() < 0.5;
    case 'array':
      return Array.from({ length: Math.floor(rng.next() * 4) }, () => garbage(rng, depth + 1));
    case 'object':
      return Object.fromEntries(Array.from({ length: Math.floor(rng.next() * 4) }, (_, i) => [rng.pick(['type', 'tileId', 'x', `k${i}`]), garbage(rng, depth + 1)]));
    case 'undefined':
      return undefined;
  }
}

describe('webview message contract', () => {
  it('accepts every well-formed message kind', () => {
    for (const message of validMessages) {
      const { message: parsed, problem } = parseWebviewMessage(message);
      assert.equal(problem, undefined, `${JSON.stringify(message)} was refused: ${problem}`);
      assert.deepEqual(parsed, message);
    }
  });

  it('refuses 10,000 malformed and random messages without throwing, naming the bad field', () => {
    const rng = random(0x5eed);
    for (let i = 0; i < 10_000; i++) {
      const input = i % 2 ? corrupt(rng.pick(validMessages), rng) : garbage(rng);
      let result: ReturnType<typeof parseWebviewMessage>;
      assert.doesNotThrow(() => (result = parseWebviewMessage(input)), `case ${i}: ${JSON.stringify(input)?.slice(0, 200)}`);
      assert.equal(result!.message, undefined, `case ${i} was accepted: ${JSON.stringify(input)?.slice(0, 200)}`);
      assert.ok(result!.problem, `case ${i} was refused without saying why`);
    }
  });

  it('says which field is wrong', () => {
    const { problem } = parseWebviewMessage({ ...validMessages[3], x: 'left' });
    assert.match(problem ?? '', /^x: /);
    assert.match(parseWebviewMessage({ type: 'resizeTile', tileId: TILE, width: 50, height: 768 }).problem ?? '', /^width: /);
    assert.match(parseWebviewMessage({ type: 'navigate', tileId: '../../etc', url: 'x' }).problem ?? '', /^tileId: /);
  });
});
