import * as assert from 'node:assert/strict';
import { createRunner, parse, PuppeteerRunnerExtension } from '@puppeteer/replay';
import { targetIdOf } from '../../src/cdp/browserSession';
import type { UserFlow } from '../../src/cdp/recorder/flowSchema';
import { parseFlow } from '../../src/cdp/recorder/flowSchema';
import { PageRecorder } from '../../src/cdp/recorder/pageRecorder';
import { DONE_PAGE, SIGNUP_PAGE } from '../support/agentFixtures';
import { sessionOnPage, waitFor } from './support';

describe('page recorder', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let recorded: UserFlow | undefined;

  before(async () => {
    fixture = await sessionOnPage({ '/signup': SIGNUP_PAGE, '/done': DONE_PAGE }, '/signup');
  });
  after(async () => {
    await fixture.close();
  });

  it('records a signup with real input as a Recorder flow, the password as a secret placeholder', async () => {
    const { page } = fixture;
    const recorder = await PageRecorder.start(page.target());
    try {
      // Real input events, as a person's clicks and keys in a tile or a window make them.
      await page.click('input[name=email]');
      await page.keyboard.type('ada@example.com');
      await page.click('input[name=password]');
      await page.keyboard.type('correct horse');
      await page.click('input[name=terms]');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.equal(new URL(page.url()).pathname, '/done');
      const flow = (recorded = await recorder.flow('Sign up'));

      assert.doesNotThrow(() => parseFlow(flow), 'the flow is a valid Recorder flow');
      assert.ok(!JSON.stringify(flow).includes('correct horse'), 'the password is not in the flow');
      // Each step, and one selector it must carry (a step whose element left with a navigation keeps the
      // candidates the page took at once, so the aria one is not always there).
      const expected: Array<[string, string, string?]> = [
        ['click', 'aria/Email[role="textbox"]'],
        ['change', 'aria/Email[role="textbox"]', 'ada@example.com'],
        ['click', 'aria/Password[role="textbox"]'],
        ['change', 'aria/Password[role="textbox"]', '{{secret:password}}'],
        ['click', 'input[name="terms"]'],
        ['click', 'text/Create account'],
      ];
      assert.deepEqual(flow.steps.slice(0, 2).map((step) => step.type), ['setViewport', 'navigate']);
      assert.equal(flow.steps.length, 2 + expected.length, JSON.stringify(flow.steps.map((step) => step.type)));
      expected.forEach(([type, selector, value], index) => {
        const step = flow.steps[index + 2] as { type: string; selectors?: string[][]; value?: string };
        assert.equal(step.type, type, `step ${index + 3}`);
        assert.ok(step.selectors?.flat().includes(selector), `step ${index + 3} has ${selector}: ${JSON.stringify(step.selectors)}`);
        assert.equal(step.value, value, `step ${index + 3}'s value`);
      });
    } finally {
      recorder.dispose();
    }
  });

  it("runs unchanged in @puppeteer/replay's own runner, in a new window, to the same end", async () => {
    assert.ok(recorded, 'the flow recorded above');
    const browser = fixture.page.browser();
    const client = await browser.target().createCDPSession();
    const { targetId } = await client.send('Target.createTarget', { url: 'about:blank', newWindow: true });
    await client.detach();
    const target = await browser.waitForTarget((candidate) => targetIdOf(candidate) === targetId);
    const page = (await target.page())!;
    try {
      // The reference runner, given the flow file's JSON as it is.
      const runner = await createRunner(parse(JSON.parse(JSON.stringify(recorded))), new PuppeteerRunnerExtension(browser as never, page as never, { timeout: 10_000 }));
      await runner.run();
      await waitFor(() => new URL(page.url()).pathname === '/done', 'the replayed submit to land');
      // The secret stays a placeholder here: it is our replay that fills it in from the editor's secrets.
      assert.equal(await page.evaluate(() => document.getElementById('summary')?.textContent), 'Account for ada@example.com on plan Free');
    } finally {
      await page.close();
    }
  });
});
