import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { targetIdOf } from '../../src/cdp/browserSession';
import type { UserFlow } from '../../src/cdp/recorder/flowSchema';
import { FlowReplayError, replayFlow } from '../../src/cdp/recorder/flowReplay';
import { DONE_PAGE, SIGNUP_PAGE } from '../support/agentFixtures';
import { readLogLines, sessionOnPage, tempStorage, waitFor } from './support';

/** A signup as our recorder writes it: aria first, the password a secret placeholder. */
function signupFlow(origin: string): UserFlow {
  return {
    title: 'Sign up',
    steps: [
      { type: 'navigate', url: `${origin}/signup` },
      { type: 'click', selectors: [['aria/Email[role="textbox"]'], ['input[name="email"]']], offsetX: 5, offsetY: 5 },
      { type: 'change', selectors: [['aria/Email[role="textbox"]'], ['input[name="email"]']], value: 'ada@example.com' },
      { type: 'change', selectors: [['aria/Password[role="textbox"]'], ['input[name="password"]']], value: '{{secret:password}}' },
      { type: 'click', selectors: [['input[name="terms"]']], offsetX: 3, offsetY: 3 },
      { type: 'click', selectors: [['text/Create account'], ['button[type="submit"]']], offsetX: 5, offsetY: 5 },
    ],
  };
}

describe('flow replay', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    fixture = await sessionOnPage({ '/signup': SIGNUP_PAGE, '/done': DONE_PAGE }, '/signup');
  });
  after(async () => {
    await fixture.close();
  });

  /** A fresh window of the session's browser, as a replay into a new tile would get. */
  async function newWindow() {
    const browser = fixture.page.browser();
    const client = await browser.target().createCDPSession();
    const { targetId } = await client.send('Target.createTarget', { url: 'about:blank', newWindow: true });
    await client.detach();
    return (await (await browser.waitForTarget((candidate) => targetIdOf(candidate) === targetId)).page())!;
  }

  it('replays the flow with the secret from the store, logging each step and never the secret', async () => {
    const recorded = signupFlow(fixture.site.url);
    const page = await newWindow();
    const asked: string[] = [];
    try {
      const result = await replayFlow(fixture.page.browser(), page, recorded, {
        secret: async (name) => (asked.push(name), 'correct horse'),
        log: fixture.logs.forSession(fixture.sessionId),
        screenshotDir: tempStorage('bc-replay-'),
      });
      assert.equal(result.steps, recorded.steps.length);
      await waitFor(() => new URL(page.url()).pathname === '/done', 'the replayed submit to land');
      assert.equal(new URL(page.url()).searchParams.get('password'), 'correct horse', 'the secret reached the field');
      assert.deepEqual(asked, ['password'], 'asked once, by name');
      const lines = (await readLogLines(fixture.manager.logPath(fixture.sessionId))).filter((line) => line.event === 'replayStep');
      assert.deepEqual(lines.map((line) => line.step), recorded.steps.map((_step, index) => index + 1));
      assert.ok(lines.every((line) => typeof line.durationMs === 'number'));
      assert.ok(lines.some((line) => typeof line.selectorUsed === 'string' && String(line.selectorUsed).startsWith('aria/')), 'the selector that found the element is logged');
      assert.ok(!readFileSync(fixture.manager.logPath(fixture.sessionId), 'utf8').includes('correct horse'), 'the secret is in no log');
    } finally {
      await page.close();
    }
  });

  it('stops at the first failing step, naming it and the selectors tried, with a screenshot, and leaves the page open', async () => {
    const page = await newWindow();
    const broken: UserFlow = {
      title: 'Broken',
      steps: [
        { type: 'navigate', url: `${fixture.site.url}/signup` },
        { type: 'click', selectors: [['aria/Delete everything[role="button"]'], ['#nothing-here']], offsetX: 1, offsetY: 1, timeout: 1000 },
      ],
    };
    try {
      const error = await replayFlow(fixture.page.browser(), page, broken, { screenshotDir: tempStorage('bc-replay-') }).then(
        () => assert.fail('the replay went through'),
        (reason: unknown) => reason,
      );
      assert.ok(error instanceof FlowReplayError && error.step === 2, String(error));
      assert.match(error.message, /^Step 2 \(click\) failed: .*Selectors tried: \["aria\/Delete everything\[role=\\"button\\"\]"\], \["#nothing-here"\]\./s);
      assert.ok(error.screenshot && existsSync(error.screenshot), 'a screenshot of the page at the failure');
      assert.equal(new URL(page.url()).pathname, '/signup', 'the page stays for the developer to look at');
    } finally {
      await page.close();
    }
  });

  it('names the variables a flow needs before running anything', async () => {
    const flow: UserFlow = { title: 'Search', steps: [{ type: 'navigate', url: `${fixture.site.url}/signup?q={{query}}` }] };
    await assert.rejects(replayFlow(fixture.page.browser(), fixture.page, flow, { screenshotDir: tempStorage('bc-replay-') }), /needs a value for query/);
  });
});
