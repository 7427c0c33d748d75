import * as assert from 'node:assert/strict';
import { Redactor } from '../../src/cdp/network/harRedaction';

describe('HAR redaction', function () {
  it('redacts secret-named fields of each body kind and query strings, keeping the rest', () => {
    const redactor = new Redactor();
    assert.equal(redactor.body('user=ada&password=s3cret-1&pw=x1y2&remember=1', 'application/x-www-form-urlencoded'), 'user=ada&password=%28redacted%29&pw=%28redacted%29&remember=1');
    assert.equal(redactor.body('{"user":"ada","auth":{"accessToken":"t-123456","scopes":["read"]},"list":[{"api_key":"k-98765"}]}', 'application/json'), '{"user":"ada","auth":{"accessToken":"(redacted)","scopes":["read"]},"list":[{"api_key":"(redacted)"}]}');
    const multipart = '--b\r\nContent-Disposition: form-data; name="user"\r\n\r\nada\r\n--b\r\nContent-Disposition: form-data; name="new_password"\r\n\r\nmultipart-pw-1\r\n--b--\r\n';
    assert.equal(redactor.body(multipart, 'multipart/form-data; boundary=b'), multipart.replace('multipart-pw-1', '(redacted)'));
    assert.equal(redactor.url('https://site.test/cb?code=ok&session_id=sess-4711&next=%2Fhome'), 'https://site.test/cb?code=ok&session_id=%28redacted%29&next=%2Fhome');
    assert.equal(redactor.body('plain text stays', 'text/plain'), 'plain text stays');
  });

  it('redacts credential headers, one line per repeated header, and scrubs every learned value from anywhere, but not a short setting', () => {
    const redactor = new Redactor();
    assert.deepEqual(redactor.headers({ Cookie: 'sid=cookie-val-1; theme=dark', 'Set-Cookie': 'a=set-val-22; HttpOnly\nb=set-val-33', Authorization: 'Bearer bearer-val-4', Accept: '*/*' }), [
      { name: 'Cookie', value: '(redacted)' },
      { name: 'Set-Cookie', value: '(redacted)' },
      { name: 'Set-Cookie', value: '(redacted)' },
      { name: 'Authorization', value: '(redacted)' },
      { name: 'Accept', value: '*/*' },
    ]);
    redactor.body('password=typed%20pw%2B1', 'application/x-www-form-urlencoded');
    const scrubbed = redactor.scrub({ echo: 'you sent typed pw+1 and bearer-val-4 in dark mode', url: 'https://x.test/?q=typed%20pw%2B1', size: 1234, deep: ['set-val-22', { cookie: 'sid cookie-val-1' }] });
    assert.deepEqual(scrubbed, { echo: 'you sent (redacted) and (redacted) in dark mode', url: 'https://x.test/?q=(redacted)', size: 1234, deep: ['(redacted)', { cookie: 'sid (redacted)' }] });
  });
});
