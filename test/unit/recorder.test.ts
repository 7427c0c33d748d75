import * as assert from 'node:assert/strict';
import { FlowRecording } from '../../src/cdp/recorder/flowRecording';
import type { UserFlow } from '../../src/cdp/recorder/flowSchema';
import { parseFlow } from '../../src/cdp/recorder/flowSchema';
import { RECORDER_BINDING } from '../../src/cdp/pageSide/recorderScript';
import { DONE_PAGE, SIGNUP_PAGE } from '../support/agentFixtures';
import { recordFlow, replayInNewWindow, UNCAUSED_AFTER_MS } from '../support/flowRuns';
import { sessionOnPage, waitFor } from './support';

/** A message box whose Send button keeps the focus in the box (as chat and search boxes do), then empties it. */
const CHAT_PAGE = `<!doctype html><title>Chat</title><input aria-label="Message" id="message">
<button onmousedown="event.preventDefault()" onclick="sent.textContent = message.value; message.value = ''">Send</button><p id="sent"></p>`;
const LINKS_PAGE = `<!doctype html><title>Links</title><a href="/signup">Sign up here</a> <a href="/signup?1">More</a> <a href="/signup?2">More</a>`;

describe('page recorder', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let recorded: UserFlow | undefined;

  before(async () => {
    fixture = await sessionOnPage({ '/signup': SIGNUP_PAGE, '/done': DONE_PAGE, '/links': LINKS_PAGE, '/chat': CHAT_PAGE }, '/signup');
  });
  after(async () => {
    await fixture.close();
  });

  it('records a signup with real input as a Recorder flow, the password as a secret placeholder', async () => {
    const { page } = fixture;
    const flow = (recorded = await recordFlow(page, 'Sign up', async () => {
      // The page can call the recorder's binding itself: what the recorder script would not send is dropped.
      await page.evaluate((binding) => {
        const record = (globalThis as unknown as Record<string, (payload: string) => void>)[binding];
        for (const payload of ['not json', { kind: 'teleport', id: 1 }, { kind: 'keyDown', key: 'x'.repeat(1000) }, { kind: 'click', id: 1, offsetX: 'far', offsetY: 0 }]) {
          record(typeof payload === 'string' ? payload : JSON.stringify(payload));
        }
      }, RECORDER_BINDING);
      // Real input events, as a person's clicks and keys in a tile or a window make them.
      await page.click('input[name=email]');
      await page.keyboard.type('ada@example.com');
      await page.click('input[name=password]');
      await page.keyboard.type('correct horse');
      await page.click('input[name=terms]');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.equal(new URL(page.url()).pathname, '/done');
    }));

    assert.doesNotThrow(() => parseFlow(flow), 'the flow is a valid Recorder flow');
    assert.ok(!JSON.stringify(flow).includes('correct horse'), 'the password is not in the flow');
    // Each step, and one selector it must carry.
    const expected: Array<[string, string, string?]> = [
      ['click', 'aria/Email[role="textbox"]'],
      ['change', 'aria/Email[role="textbox"]', 'ada@example.com'],
      ['click', 'aria/Password[role="textbox"]'],
      ['change', 'aria/Password[role="textbox"]', '{{secret:password}}'],
      ['click', 'input[name="terms"]'],
      ['click', 'aria/Create account[role="button"]'],
    ];
    assert.deepEqual(flow.steps.slice(0, 2).map((step) => step.type), ['setViewport', 'navigate']);
    assert.equal(flow.steps.length, 2 + expected.length, JSON.stringify(flow.steps.map((step) => step.type)));
    expected.forEach(([type, selector, value], index) => {
      const step = flow.steps[index + 2] as { type: string; selectors?: string[][]; value?: string };
      assert.equal(step.type, type, `step ${index + 3}`);
      assert.ok(step.selectors?.flat().includes(selector), `step ${index + 3} has ${selector}: ${JSON.stringify(step.selectors)}`);
      assert.equal(step.value, value, `step ${index + 3}'s value`);
    });
    // The submit's page load is the click's: a replay waits for it there instead of going to /done itself.
    assert.deepEqual(flow.steps.at(-1)!.assertedEvents, [{ type: 'navigation', url: page.url(), title: 'Welcome' }]);
    assert.ok(flow.steps.slice(0, -1).every((step) => !step.assertedEvents), 'only the submit loads a page');
  });

  it("runs unchanged in @puppeteer/replay's own runner, in a new window, to the same end", async () => {
    assert.ok(recorded, 'the flow recorded above');
    await replayInNewWindow(fixture.page.browser(), recorded, async (page) => {
      await waitFor(() => new URL(page.url()).pathname === '/done', 'the replayed submit to land');
      // The secret stays a placeholder here: it is our replay that fills it in from the editor's secrets.
      assert.equal(await page.evaluate(() => document.getElementById('summary')?.textContent), 'Account for ada@example.com on plan Free');
    });
  });

  it('puts the field typed before Enter first, the load on the Enter, and a load of its own as a navigate step', async () => {
    const { page, site } = fixture;
    await page.goto(`${site.url}/signup`);
    const flow = await recordFlow(page, 'Sign up with Enter', async () => {
      await page.click('input[name=email]');
      await page.keyboard.type('grace@example.com');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await new Promise((resolve) => setTimeout(resolve, UNCAUSED_AFTER_MS));
      await page.goto(`${site.url}/signup?again`); // typed into the address bar, as it were
    });
    parseFlow(flow);
    const steps = flow.steps.slice(2) as Array<{ type: string; value?: string; key?: string; url?: string; assertedEvents?: unknown }>;
    assert.deepEqual(
      steps.map(({ type, value, key, url }) => [type, value ?? key ?? url]),
      [
        ['click', undefined],
        ['change', 'grace@example.com'],
        ['keyDown', 'Enter'],
        ['keyUp', 'Enter'],
        ['navigate', `${site.url}/signup?again`],
      ],
    );
    assert.deepEqual(steps[2].assertedEvents, [{ type: 'navigation', url: `${site.url}/done?email=grace%40example.com&password=&plan=Free`, title: 'Welcome' }]);

    // Up to the Enter: the last load would leave the page Enter led to.
    await replayInNewWindow(page.browser(), { ...flow, steps: flow.steps.slice(0, -1) }, async (replayed) => {
      // The keyDown step waited for the load, so the page is there now.
      assert.equal(await replayed.evaluate(() => document.getElementById('summary')?.textContent), 'Account for grace@example.com on plan Free');
    });
  });

  it('keeps the aria/ selector of a step whose action loaded another page, where no other element has its role and name', async () => {
    const { page, site } = fixture;
    await page.goto(`${site.url}/links`);
    // On this loopback server each load takes the old document before the host could ask about it.
    const flow = await recordFlow(page, 'Loads', async () => {
      await Promise.all([page.waitForNavigation(), page.click('a[href="/signup"]')]);
      await page.click('input[name=email]');
      await page.keyboard.type('ada@example.com');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await page.goto(`${site.url}/links`);
      await Promise.all([page.waitForNavigation(), page.click('a[href="/signup?1"]')]);
    });
    const selectorsOf = (type: string, nth = 0) => (flow.steps.filter((step) => step.type === type)[nth] as { selectors: string[][] }).selectors.flat();
    assert.equal(selectorsOf('click', 0)[0], 'aria/Sign up here[role="link"]', 'the link that loaded the form');
    assert.equal(selectorsOf('change', 0)[0], 'aria/Email[role="textbox"]', 'the field Enter submitted');
    assert.ok(!selectorsOf('click', 2).some((selector) => selector.startsWith('aria/')), `two links read "More": ${JSON.stringify(selectorsOf('click', 2))}`);
  });

  it('records text that came with no key (dictation, an emoji picker) as a change step with its value, before the next action', async () => {
    const { page, site } = fixture;
    await page.goto(`${site.url}/chat`);
    const client = await page.createCDPSession();
    const flow = await recordFlow(page, 'Dictated', async () => {
      await page.click('#message');
      // What dictation and an emoji picker send: text alone (input events, no keydown), as the tile now does too.
      await client.send('Input.insertText', { text: 'see you at 5' });
      await client.send('Input.insertText', { text: ' 👋' });
      await page.click('button');
      assert.equal(await page.$eval('#sent', (sent) => sent.textContent), 'see you at 5 👋');
    });
    await client.detach();
    const steps = flow.steps.slice(2) as Array<{ type: string; value?: string; selectors: string[][] }>;
    // One value for the field, the last: a second value right after the first replaces it. (The page
    // emptying the box after Send shows when the recording stops, as a value of its own.)
    assert.deepEqual(steps.slice(0, 3).map((step) => [step.type, step.value]), [
      ['click', undefined],
      ['change', 'see you at 5 👋'],
      ['click', undefined],
    ]);
    assert.equal(steps[1].selectors[0][0], 'aria/Message[role="textbox"]');
    await replayInNewWindow(page.browser(), flow, async (replayed) => {
      assert.equal(await replayed.$eval('#sent', (sent) => sent.textContent), 'see you at 5 👋');
    });
  });

  // Enter that submits a form starts the load before its keyUp: the old document, the new one or neither sees it.
  const PAGE = { page: 'first', frame: [] };
  const key = (kind: 'keyDown' | 'keyUp', place: { page: string; target?: string; frame: never[] } = PAGE) => (recording: FlowRecording) =>
    recording.record(place, { kind, key: 'Enter' }, async () => ({ type: kind, ...(place.target ? { target: place.target } : {}), key: 'Enter' }));
  const load = (recording: FlowRecording) => recording.navigated(PAGE, 'http://127.0.0.1/done');
  const keySteps: Array<[string, Array<(recording: FlowRecording) => void>, string[]]> = [
    ['the old document sees the keyUp', [key('keyDown'), key('keyUp'), load], ['keyDown', 'keyUp']],
    ['the new document sees it', [key('keyDown'), load, key('keyUp')], ['keyDown', 'keyUp']],
    ['no document sees it', [key('keyDown'), load], ['keyDown', 'keyUp']],
    ['a keyUp with no keyDown (the key went down before Record)', [key('keyUp'), key('keyDown'), key('keyUp')], ['keyDown', 'keyUp']],
    ['another page loads, which leaves it down', [key('keyDown'), (recording) => recording.navigated({ page: 'popup', frame: [] }, 'http://127.0.0.1/popup')], ['keyDown']],
  ];
  for (const [when, events, expected] of keySteps) {
    it(`has each key released once in the flow when ${when}`, async () => {
      const recording = new FlowRecording();
      events.forEach((event) => event(recording));
      const { steps } = await recording.flow('keys');
      assert.deepEqual(steps.map((step) => step.type), expected);
    });
  }
});
