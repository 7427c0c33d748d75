import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/contract/protocol';

import { malformedMessages, validWebviewMessages } from '../support/messageFuzz';

const TILE = 'D4164FC7504BE5F8047FFE0DFC22CBF0';
const validMessages = validWebviewMessages(TILE);

describe('webview message contract', () => {
  it('accepts every well-formed message kind', () => {
    for (const message of validMessages) {
      const { message: parsed, problem } = parseWebviewMessage(message);
      assert.equal(problem, undefined, `${JSON.stringify(message)} was refused: ${problem}`);
      assert.deepEqual(parsed, message);
    }
  });

  it('refuses 10,000 malformed and random messages without throwing, saying why', () => {
    for (const [i, input] of malformedMessages(validMessages, 10_000, 0x5eed).entries()) {
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
