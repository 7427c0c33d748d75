// Messages for testing the webview contract: one well-formed message of every kind, and malformed
// ones made from them (every mutation below makes a message invalid) or from nothing at all.
import type { WebviewMessage } from '../../src/contract/protocol';

/** At least one message of each kind: a kind added to the contract without one here does not compile. */
type EveryKind = { readonly [K in WebviewMessage['type']]: readonly [Extract<WebviewMessage, { type: K }>, ...Extract<WebviewMessage, { type: K }>[]] };

/** Well-formed messages of every kind the webview sends, aimed at `tile`. */
export function validWebviewMessages(tile: string): WebviewMessage[] {
  const byKind: EveryKind = {
    ready: [{ type: 'ready', origin: 'http://4f3c2b1a.webview.localhost:3000' }],
    visibleTiles: [{ type: 'visibleTiles', tiles: [{ tileId: tile, width: 1280, height: 800, focused: true }], pixelRatio: 1 }],
    frameDrawn: [{ type: 'frameDrawn', tileId: tile }],
    mouse: [
      { type: 'mouse', tileId: tile, action: 'mousePressed', x: 10.5, y: 20, button: 'left', buttons: 1, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 8 },
      { type: 'mouse', tileId: tile, action: 'mouseWheel', x: 10, y: 20, button: 'none', buttons: 0, clickCount: 0, deltaX: 0, deltaY: -120, modifiers: 0 },
    ],
    key: [{ type: 'key', tileId: tile, action: 'keyDown', key: 'Enter', code: 'Enter', text: '\r', keyCode: 13, location: 0, autoRepeat: false, modifiers: 0 }],
    composition: [{ type: 'composition', tileId: tile, action: 'commit', text: '日本語' }],
    clipboard: [{ type: 'clipboard', tileId: tile, action: 'paste' }],
    navigate: [{ type: 'navigate', tileId: tile, url: 'http://127.0.0.1:8080/form' }],
    history: [{ type: 'history', tileId: tile, action: 'back' }],
    resizeTile: [{ type: 'resizeTile', tileId: tile, width: 1024, height: 768 }],
    closeTile: [{ type: 'closeTile', tileId: tile }],
    newPage: [{ type: 'newPage', tileId: tile }],
    chooseOption: [{ type: 'chooseOption', tileId: tile, requestId: 3, index: -1 }],
    answerDialog: [{ type: 'answerDialog', tileId: tile, requestId: 1, accept: true, promptText: 'yes' }],
    layout: [{ type: 'layout', layout: { camera: { x: -20, y: 10, scale: 0.5 }, tiles: { [tile]: { x: 0, y: 0, width: 1280, height: 800 } } } }],
    runCommand: [{ type: 'runCommand', command: 'newSession' }],
    handoff: [{ type: 'handoff', tileId: tile, to: 'agent' }],
    record: [{ type: 'record', tileId: tile, start: true }],
    keepFullSpeed: [{ type: 'keepFullSpeed', tileId: tile, on: true }],
    timelineRange: [
      { type: 'timelineRange', tileId: tile, requestId: 4, fromSeq: 2, toSeq: 9 },
      { type: 'timelineRange', tileId: tile, requestId: 5 },
    ],
    timelineFollow: [{ type: 'timelineFollow', tileId: tile, on: true }],
  };
  return Object.values(byKind).flat();
}

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
      const required = keys.filter((k) => !['type', 'promptText', 'origin', 'fromSeq', 'toSeq'].includes(k)); // optional ones
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

/** `count` messages, half mutated from `valid`, half random values; the same for the same seed. */
export function malformedMessages(valid: Record<string, unknown>[], count: number, seed: number): unknown[] {
  const rng = random(seed);
  return Array.from({ length: count }, (_, i) => (i % 2 ? corrupt(rng.pick(valid), rng) : garbage(rng)));
}
