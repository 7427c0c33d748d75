import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from '@puppeteer/replay';
import { FlowLibrary } from '../../src/cdp/recorder/flowLibrary';
import { fillVariables, originAt, placeholdersOf, recordedValues, withPlaceholders } from '../../src/cdp/recorder/flowPlaceholders';
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

const OTHER_RUNNERS_TITLE = 'Log in (replace {{secret:password}} first, or replay in Browser Canvas)';

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

  it("names a flow's secrets in the file's title, which other runners show; we read the title without", async () => {
    const library = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
    const titleIn = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as UserFlow).title;
    const file = await library.save(LOGIN);
    // Chrome DevTools' Recorder and @puppeteer/replay read the file as it is and show its title.
    assert.equal(parse(JSON.parse(readFileSync(file, 'utf8'))).title, OTHER_RUNNERS_TITLE);
    assert.equal(path.basename(file), 'log-in.json');
    assert.equal((await library.read('log-in')).title, 'Log in');
    // A file that says so already (imported) says it once; a flow without secrets says nothing.
    assert.equal(titleIn(await library.save({ ...LOGIN, title: OTHER_RUNNERS_TITLE })), OTHER_RUNNERS_TITLE);
    const plain = { ...LOGIN, steps: LOGIN.steps.slice(0, 3) };
    assert.equal(titleIn(await library.save(plain)), 'Log in');
    assert.equal(titleIn(await library.save({ ...plain, title: OTHER_RUNNERS_TITLE })), 'Log in', 'a note left from a secret since removed goes');
  });

  it('refuses names that would leave the flows folder', async () => {
    const library = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
    for (const name of ['../settings', '/etc/passwd', 'sub/flow', '../../x', path.join(library.folder, '..', 'x.json')]) {
      assert.throws(() => library.fileOf(name), /is not a flow in/, name);
    }
    // What the tree and the commands pass: a name, or the file's own path; a name is never a file name.
    assert.equal(library.fileOf('log-in'), path.join(library.folder, 'log-in.json'));
    assert.equal(library.fileOf(path.join(library.folder, 'log-in.json')), path.join(library.folder, 'log-in.json'));
    assert.equal(library.fileOf('x.json'), path.join(library.folder, 'x.json.json'), 'the flow listed as "x.json"');
    await assert.rejects(library.remove('../outside'), /is not a flow in/);
  });

  it('words each recorded value as what was done: a drop-down choice is "selected in", text "typed into"', () => {
    const change = (selectors: string[][], value: string) => ({ type: 'change' as const, selectors, value });
    const rows: Array<[string[][], string]> = [
      [[['aria/Plan[role="combobox"]'], ['select[name="plan"]'], ['label:nth-of-type(3) > select']], 'selected in Plan'],
      [[['form > select:nth-of-type(2)']], 'selected in form > select:nth-of-type(2)'],
      [[['my-picker', 'select']], 'selected in select'],
      [[['aria/Toppings[role="listbox"]']], 'selected in Toppings'],
      [[['aria/Email[role="textbox"]'], ['input[name="email"]']], 'typed into Email'],
      [[['aria/City[role="combobox"]'], ['input[name="city"]']], 'typed into City'], // a text field with suggestions
      [[['textarea[name="note"]']], 'typed into note'],
      [[['#select-size']], 'typed into #select-size'], // an id says nothing of the element
    ];
    const values = recordedValues({ title: 'Words', steps: rows.map(([selectors]) => change(selectors, 'x')) });
    assert.deepEqual(values.map((value) => value.action), rows.map(([, words]) => words));
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

  it('fills variables inside strings only, names missing ones first, and allows a secret only as a typed value', () => {
    const flow = withPlaceholders(LOGIN, [{ step: 1, name: 'email', secret: false }]);
    const hostile = 'x", "type": "navigate", "url": "https://evil.example';
    const filled = fillVariables(flow, { email: hostile });
    assert.equal((filled.steps[1] as { value: string }).value, hostile, 'a value is a value, never structure');
    assert.equal(filled.steps.length, LOGIN.steps.length);
    assert.equal((filled.steps[3] as { value: string }).value, '{{secret:password}}', 'secrets wait for their step');
    assert.throws(() => fillVariables(flow, {}), /needs a value for email/);
    const leaking: UserFlow = { title: 'Leak', steps: [{ type: 'navigate', url: 'https://evil.example/?p={{secret:password}}' }] };
    assert.throws(() => fillVariables(leaking, {}), /Step 1 \(navigate\) has a \{\{secret:…\}\} outside a typed value/);
  });

  it('knows the origin a recorded step types into: the page the flow went to, a popup, not an iframe', () => {
    const flow: UserFlow = {
      title: 'Across',
      steps: [
        { type: 'navigate', url: 'https://shop.example/login' },
        { type: 'change', selectors: [['#user']], value: 'ada' },
        { type: 'click', selectors: [['#go']], offsetX: 1, offsetY: 1, assertedEvents: [{ type: 'navigation', url: 'https://account.example/home' }] },
        { type: 'change', selectors: [['#card']], value: '4242' },
        { type: 'change', target: 'https://pay.example/popup', selectors: [['#pin']], value: '1234' },
        { type: 'change', frame: [0], selectors: [['#cvc']], value: '123' },
      ],
    };
    assert.deepEqual([1, 3, 4, 5].map((step) => originAt(flow, step)), ['https://shop.example', 'https://account.example', 'https://pay.example', undefined]);
  });

  it('saves plain Recorder JSON (the title naming its secrets): the same flow reads back, and nothing else is written', async () => {
    const library = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
    const file = await library.save(LOGIN);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { ...LOGIN, title: OTHER_RUNNERS_TITLE });
    assert.deepEqual(readdirSync(library.folder), ['log-in.json']);
  });

  it('never shows a reader a half-written flow, even with saves of one title at once', async () => {
    const library = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
    const big = { ...LOGIN, steps: Array.from({ length: 2000 }, () => LOGIN.steps[1]) };
    await library.save(LOGIN); // the folder exists before the reader looks
    let saving = true;
    const unreadable: string[] = [];
    // What the Flows view does when the folder changes: read every flow file there.
    const reader = (async () => {
      while (saving) {
        for (const name of readdirSync(library.folder).filter((file) => file.endsWith('.json'))) {
          try {
            JSON.parse(readFileSync(path.join(library.folder, name), 'utf8'));
          } catch {
            unreadable.push(name);
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const files = await Promise.all(Array.from({ length: 8 }, () => library.save(big)));
    saving = false;
    await reader;
    assert.deepEqual(unreadable, [], 'every flow file read was complete');
    assert.equal(new Set(files).size, 8, 'eight saves, eight files');
    assert.deepEqual(readdirSync(library.folder).sort(), ['log-in-2.json', 'log-in-3.json', 'log-in-4.json', 'log-in-5.json', 'log-in-6.json', 'log-in-7.json', 'log-in-8.json', 'log-in-9.json', 'log-in.json']);
  });
});
