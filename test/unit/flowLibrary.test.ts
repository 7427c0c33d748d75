import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FlowLibrary } from '../../src/cdp/recorder/flowLibrary';
import { fillPlaceholders, placeholdersOf, recordedValues, withPlaceholders } from '../../src/cdp/recorder/flowPlaceholders';
import type { UserFlow } from '../../src/cdp/recorder/flowSchema';
import { tempStorage } from './support';

const LOGIN: UserFlow = {
  title: 'Log in',
  steps: [
    { type: 'navigate', url: 'http://127.0.0.1:1/login' },
    { type: 'change', selectors: [['aria/Email[role="textbox"]'], ['input[name="email"]']], value: 'ada@example.com' },
    { type: 'change', selectors: [['input[name="otp"]']], value: '123456' },
    { type: 'change', selectors: [['aria/Password[role="textbox"]']], value: '{{secret:password}}' },
  ],
};

describe('flow library and placeholders', () => {
  it('saves flows beside each other without ever writing over one, and lists them with what they need', async () => {
    const library = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
    const first = await library.save(LOGIN);
    const second = await library.save(LOGIN);
    assert.deepEqual([path.basename(first), path.basename(second)], ['log-in.json', 'log-in-2.json']);
    writeFileSync(path.join(library.folder, 'broken.json'), JSON.stringify({ title: 'Broken', steps: [{ type: 'click', offsetX: 1, offsetY: 1 }] }));
    writeFileSync(path.join(library.folder, 'notes.txt'), 'not a flow');
    const listed = await library.list();
    assert.deepEqual(listed.map((entry) => entry.name), ['broken', 'log-in', 'log-in-2']);
    assert.deepEqual(listed[1].needs, { variables: [], secrets: ['password'] });
    assert.match(listed[0].problem ?? '', /^Step 1 \(click\): selectors: /);
    await assert.rejects(library.read('broken'), /^FlowFormatError: broken\.json: Step 1 \(click\): selectors: /);
    await assert.rejects(library.read('missing'), /There is no flow "missing"/);
    assert.deepEqual(await library.read('log-in'), LOGIN);
  });

  it('refuses names that would leave the flows folder', async () => {
    const library = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
    for (const name of ['../settings', '/etc/passwd', 'sub/flow', '../../x.json']) {
      assert.throws(() => library.fileOf(name), /is not a flow in/, name);
    }
    await assert.rejects(library.remove('../outside'), /is not a flow in/);
  });

  it('turns recorded values into variables and secrets, leaving the values out of the flow', () => {
    const values = recordedValues(LOGIN);
    assert.deepEqual(
      values.map(({ step, field, suggestedName }) => ({ step, field, suggestedName })),
      [
        { step: 1, field: 'Email', suggestedName: 'email' },
        { step: 2, field: 'otp', suggestedName: 'otp' },
      ],
      'the secret already a placeholder is not offered',
    );
    const flow = withPlaceholders(LOGIN, [
      { step: 1, name: 'email', secret: false },
      { step: 2, name: 'OTP', secret: true },
    ]);
    assert.ok(!JSON.stringify(flow).includes('ada@example.com') && !JSON.stringify(flow).includes('123456'));
    assert.deepEqual(placeholdersOf(flow), { variables: ['email'], secrets: ['OTP', 'password'] });
    assert.throws(() => withPlaceholders(LOGIN, [{ step: 0, name: 'url', secret: false }]), /Step 1 is not a typed value/);
    assert.throws(() => withPlaceholders(LOGIN, [{ step: 1, name: 'two words', secret: false }]), /cannot name a placeholder/);
  });

  it('fills placeholders inside strings only, asks each secret once, and names missing variables first', async () => {
    const flow = withPlaceholders(LOGIN, [{ step: 1, name: 'email', secret: false }]);
    const asked: string[] = [];
    const hostile = 'x", "type": "navigate", "url": "https://evil.example';
    const filled = await fillPlaceholders({ ...flow, steps: [...flow.steps, flow.steps[3]] }, { email: hostile }, async (name) => (asked.push(name), 'pw'));
    assert.equal((filled.steps[1] as { value: string }).value, hostile, 'a value is a value, never structure');
    assert.equal(filled.steps.length, 5);
    assert.deepEqual(asked, ['password']);
    await assert.rejects(fillPlaceholders(flow, {}, async () => 'pw'), /needs a value for email/);
    await assert.rejects(fillPlaceholders(LOGIN, {}), /needs the secret password, and no secret store was given/);
  });

  it('saves plain Recorder JSON: the same flow reads back, and nothing else is written', async () => {
    const library = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
    const file = await library.save(LOGIN);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), LOGIN);
    assert.deepEqual(readdirSync(library.folder), ['log-in.json']);
  });
});
