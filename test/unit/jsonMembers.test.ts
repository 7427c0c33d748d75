import * as assert from 'node:assert/strict';
import { editMembers, memberValue, messageMembers } from '../../src/cdp/browserHost/jsonMembers';

/** What the host does to an answer for a client on its browser session, done the slow, sure way. */
function expected(text: string): unknown {
  const { sessionId: _dropped, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return 'id' in rest ? { ...rest, id: 7 } : rest;
}

describe('browser host message members', () => {
  const tricky = { s: 'a "quoted" } ] { [ \\ ,"sessionId":"X"}', u: 'é 😀 \u2028', n: [1, -2.5e3, true, false, null, {}, []] };
  const messages = [
    // As Chromium writes them: read from the two ends.
    JSON.stringify({ id: 12, result: { nodes: [tricky, tricky] }, sessionId: 'AB12' }),
    JSON.stringify({ method: 'Page.screencastFrame', params: { data: 'QUJD'.repeat(1000), metadata: tricky }, sessionId: 'CD34' }),
    JSON.stringify({ id: 3, error: { code: -32000, message: 'No node "x"' }, sessionId: 'EF' }),
    // Any other shape: scanned member by member.
    JSON.stringify({ id: 4, result: {} }),
    JSON.stringify({ sessionId: 'GH', id: 5, result: { v: '"sessionId":"Z"}' } }),
    JSON.stringify({ method: 'Target.targetCreated', params: { targetInfo: tricky } }),
    ' { "id" : 6 , "result" : { "a" : [ 1 , "}" ] } , "sessionId" : "IJ" } ',
    JSON.stringify({ id: 8, result: { value: 'ends like a session', tail: ',"sessionId":"no"}' } }),
    '{}',
  ];

  it('changes the id and drops the session id exactly as parsing and writing the whole would', () => {
    for (const text of messages) {
      const members = messageMembers(text);
      const edited = editMembers(text, members, { id: '7', sessionId: undefined });
      assert.deepEqual(JSON.parse(edited), expected(text), text);
      const whole = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['id', 'method', 'sessionId']) {
        assert.deepEqual(memberValue(text, members.get(key)), whole[key], `${key} of ${text}`);
      }
    }
  });

  it('refuses text that is not one JSON object', () => {
    for (const text of ['', 'nope', '[1]', '{"a":}', '{"a":1', '{"a":"x}', '{"a":1,}', '{"a":1} {}', '{"a" 1}']) {
      assert.throws(() => messageMembers(text), /not a JSON object|unterminated|unclosed/, JSON.stringify(text));
    }
  });
});
