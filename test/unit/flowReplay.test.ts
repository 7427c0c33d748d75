import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AgentBrowser, SessionStep } from '../../src/cdp/agent/agentBrowser';
import { isAgentError } from '../../src/cdp/action/agentError';
import type { AgentStep } from '../../src/cdp/action/actionSteps';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import { targetIdOf } from '../../src/cdp/target/targetId';
import { puppeteerScript } from '../../src/cdp/recorder/flowExport';
import { FlowLibrary } from '../../src/cdp/recorder/flowLibrary';
import { parseFlow, UserFlow } from '../../src/cdp/recorder/flowSchema';
import { FlowReplayError, replayFlow } from '../../src/cdp/recorder/flowReplay';
import { DONE_PAGE, SIGNUP_PAGE } from '../support/agentFixtures';
import { inNewWindow, newWindow } from '../support/flowRuns';
import { OPENER_PAGE, POPUP_DONE_PAGE, POPUP_FORM_PAGE } from '../support/recorderFixtures';
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
      { type: 'click', selectors: [['text/Create account'], ['button[type="submit"]']], offsetX: 5, offsetY: 5, assertedEvents: [{ type: 'navigation' }] },
    ],
  };
}

describe('flow replay', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    fixture = await sessionOnPage({ '/signup': SIGNUP_PAGE, '/done': DONE_PAGE, '/opener': OPENER_PAGE, '/popup-form': POPUP_FORM_PAGE, '/popup-done': POPUP_DONE_PAGE }, '/signup');
  });
  after(async () => {
    await fixture.close();
  });

  it('replays the flow with the secret from the store, logging each step and never the secret', async () => {
    const recorded = signupFlow(fixture.site.url);
    const asked: Array<[string, string]> = [];
    await inNewWindow(fixture.page.browser(), async (page) => {
      const result = await replayFlow(fixture.page.browser(), page, recorded, {
        secret: async (name, origin) => (asked.push([name, origin]), 'correct horse'),
        log: fixture.logs.forSession(fixture.sessionId),
        screenshotDir: tempStorage('bc-replay-'),
      });
      assert.equal(result.steps, recorded.steps.length);
      assert.equal(new URL(page.url()).pathname, '/done', 'the replay waited for the submit to land');
      assert.equal(new URL(page.url()).searchParams.get('password'), 'correct horse', 'the secret reached the field');
      assert.deepEqual(asked, [['password', fixture.site.url]], 'asked once, by name, for the site it is typed into');
      const lines = (await readLogLines(fixture.manager.logPath(fixture.sessionId))).filter((line) => line.event === 'replayStep');
      assert.deepEqual(lines.map((line) => line.step), recorded.steps.map((_step, index) => index + 1));
      assert.ok(lines.every((line) => typeof line.durationMs === 'number'));
      // The selector that found each element first (@puppeteer/replay races them all) is logged.
      recorded.steps.forEach((step, index) => {
        const used = lines[index].selectorUsed;
        const selectors = (step as { selectors?: string[][] }).selectors;
        assert.ok(selectors ? selectors.flat().includes(String(used)) : used === undefined, `step ${index + 1} logged ${String(used)}`);
      });
      assert.ok(!readFileSync(fixture.manager.logPath(fixture.sessionId), 'utf8').includes('correct horse'), 'the secret is in no log');
    });
  });

  it('stops at the first failing step, naming it and the selectors tried, with a screenshot, and leaves the page open', async () => {
    const broken: UserFlow = {
      title: 'Broken',
      steps: [
        { type: 'navigate', url: `${fixture.site.url}/signup` },
        { type: 'click', selectors: [['aria/Delete everything[role="button"]'], ['#nothing-here']], offsetX: 1, offsetY: 1, timeout: 1000 },
      ],
    };
    await inNewWindow(fixture.page.browser(), async (page) => {
      const error = await replayFlow(fixture.page.browser(), page, broken, { screenshotDir: tempStorage('bc-replay-') }).then(
        () => assert.fail('the replay went through'),
        (reason: unknown) => reason,
      );
      assert.ok(error instanceof FlowReplayError && error.step === 2, String(error));
      assert.match(error.message, /^Step 2 \(click\) failed: .*Selectors tried: \["aria\/Delete everything\[role=\\"button\\"\]"\], \["#nothing-here"\]\./s);
      assert.ok(error.screenshot && existsSync(error.screenshot), 'a screenshot of the page at the failure');
      assert.equal(new URL(page.url()).pathname, '/signup', 'the page stays for the developer to look at');
    });
  });

  it('names the variables a flow needs before running anything', async () => {
    const flow: UserFlow = { title: 'Search', steps: [{ type: 'navigate', url: `${fixture.site.url}/signup?q={{query}}` }] };
    await assert.rejects(replayFlow(fixture.page.browser(), fixture.page, flow, { screenshotDir: tempStorage('bc-replay-') }), /needs a value for query/);
  });

  it('runs nothing when stopped before it starts (Cancel while a secret is being asked for)', async () => {
    const stop = new AbortController();
    stop.abort(new Error('You stopped the replay.'));
    await inNewWindow(fixture.page.browser(), async (page) => {
      await assert.rejects(replayFlow(fixture.page.browser(), page, signupFlow(fixture.site.url), { screenshotDir: tempStorage('bc-replay-'), signal: stop.signal }), (error) => isAgentError(error, 'CANCELLED'));
      await new Promise((resolve) => setTimeout(resolve, 1000)); // long enough for a first step to have run
      assert.equal(page.url(), 'about:blank', 'the page was not touched');
    });
  });

  it('logs the selector that found the element: the second, when the first matches nothing', async () => {
    const flow: UserFlow = {
      title: 'Terms',
      steps: [
        { type: 'navigate', url: `${fixture.site.url}/signup` },
        { type: 'click', selectors: [['#no-such-box'], ['aria/I accept the terms[role="checkbox"]']], offsetX: 3, offsetY: 3 },
      ],
    };
    await inNewWindow(fixture.page.browser(), async (page) => {
      await replayFlow(fixture.page.browser(), page, flow, { log: fixture.logs.forSession(fixture.sessionId), screenshotDir: tempStorage('bc-replay-') });
      assert.equal(await page.evaluate(() => (document.querySelector('input[name=terms]') as HTMLInputElement).checked), true, 'the checkbox was clicked');
      const last = (await readLogLines(fixture.manager.logPath(fixture.sessionId))).filter((line) => line.event === 'replayStep').at(-1);
      assert.equal(last?.selectorUsed, 'aria/I accept the terms[role="checkbox"]');
    });
  });

  it('shows each step on the canvas in demonstration mode: the element, the click point, the text typed (dots for a secret)', async () => {
    const shown: AgentStep[] = [];
    await inNewWindow(fixture.page.browser(), async (page) => {
      await replayFlow(fixture.page.browser(), page, signupFlow(fixture.site.url), {
        secret: async () => 'correct horse',
        screenshotDir: tempStorage('bc-replay-'),
        feedback: 'demonstration',
        onStep: (step) => shown.push(step),
      });
      const pageId = targetIdOf(page.target());
      assert.ok(shown.every((step) => step.targetId === pageId), 'drawn on the replayed page’s tile');
      assert.deepEqual(
        shown.map((step) => step.kind),
        ['target', 'click', 'target', 'type', 'target', 'type', 'target', 'click', 'target', 'click'],
      );
      const typed = shown.filter((step) => step.kind === 'type').map((step) => step.text);
      assert.deepEqual(typed, ['ada@example.com', '••••••••'], 'a secret shows as dots, not even its length');
      for (let index = 0; index < shown.length; index++) {
        const step = shown[index];
        if (step.kind === 'click') {
          const box = shown[index - 1].box!;
          assert.ok(step.point!.x >= box.x && step.point!.x <= box.x + box.width && step.point!.y >= box.y && step.point!.y <= box.y + box.height, `the ripple ${JSON.stringify(step.point)} is inside ${JSON.stringify(box)}`);
        }
      }
    });
  });

  it('stops at once when the developer stops it, and no later step acts', async () => {
    const stop = new AbortController();
    let targets = 0;
    await inNewWindow(fixture.page.browser(), async (page) => {
      const replay = replayFlow(fixture.page.browser(), page, signupFlow(fixture.site.url), {
        secret: async () => 'correct horse',
        screenshotDir: tempStorage('bc-replay-'),
        feedback: 'guided',
        signal: stop.signal,
        // Stopped while the email field's change is being shown (the second element shown).
        onStep: (step) => step.kind === 'target' && ++targets === 2 && stop.abort(new Error('You stopped the replay.')),
      });
      await assert.rejects(replay, (error) => isAgentError(error, 'CANCELLED') && /You stopped the replay/.test(error.message));
      await new Promise((resolve) => setTimeout(resolve, 1500)); // longer than a guided step takes
      assert.equal(await page.evaluate(() => (document.querySelector('input[name=email]') as HTMLInputElement).value), '', 'the step being shown did not type');
      assert.equal(new URL(page.url()).pathname, '/signup', 'nothing was submitted');
    });
  });

  it("presses a popup's keys in the popup (where @puppeteer/replay would press them in the first page)", async () => {
    const page = await newWindow(fixture.page.browser());
    const form = `${fixture.site.url}/popup-form`;
    const flow: UserFlow = {
      title: 'Sign up by Enter',
      steps: [
        { type: 'navigate', url: `${fixture.site.url}/opener` },
        { type: 'click', selectors: [['text/Sign up in a new window']], offsetX: 5, offsetY: 5 },
        { type: 'change', target: form, selectors: [['aria/Name[role="textbox"]']], value: 'Lin' },
        { type: 'keyDown', target: form, key: 'Enter', assertedEvents: [{ type: 'navigation' }] },
        { type: 'keyUp', target: `${fixture.site.url}/popup-done?name=Lin`, key: 'Enter' },
      ],
    };
    const shown: AgentStep[] = [];
    try {
      await replayFlow(fixture.page.browser(), page, flow, { screenshotDir: tempStorage('bc-replay-'), feedback: 'demonstration', onStep: (step) => shown.push(step) });
      await waitFor(async () => (await page.$eval('#result', (result) => result.textContent)) === 'Signed up Lin', 'the popup form, sent by Enter, to report back');
      const popup = (await fixture.page.browser().pages()).find((opened) => opened.url().includes('/popup-done'))!;
      assert.deepEqual(
        shown.filter((step) => step.kind === 'key').map((step) => [step.text, step.targetId]),
        [['Enter', targetIdOf(popup.target())]],
        "the key shows on the popup's tile",
      );
    } finally {
      for (const opened of await fixture.page.browser().pages()) {
        if (opened.url().includes('/popup-')) {
          await opened.close();
        }
      }
      await page.close();
    }
  });

  it('replays a recording exported by Chrome DevTools', async () => {
    const exported = readFileSync(path.join(__dirname, '../../../test/fixtures/devtools-recording.json'), 'utf8').replaceAll('http://127.0.0.1:8080', fixture.site.url);
    await inNewWindow(fixture.page.browser(), async (page) => {
      await replayFlow(fixture.page.browser(), page, parseFlow(exported), { screenshotDir: tempStorage('bc-replay-') });
      assert.equal(new URL(page.url()).pathname, '/done', 'the asserted navigation was waited for');
      assert.equal(await page.evaluate(() => document.getElementById('summary')?.textContent), 'Account for ada@example.com on plan Pro');
    });
  });

  it('exports a flow as a Puppeteer script that parses, naming the placeholders to fill in', async () => {
    const script = await puppeteerScript(signupFlow(fixture.site.url));
    assert.match(script, /^\/\/ Exported from Browser Canvas\. Replace \{\{secret:password\}\} before running\./);
    assert.match(script, /puppeteer\.launch/);
    assert.ok(script.includes('::-p-aria(Email[role=\\\\"textbox\\\\"])'), `the selectors are in the script:\n${script}`);
    assert.ok(!script.includes('correct horse'));
    const file = path.join(tempStorage('bc-export-'), 'signup.js');
    writeFileSync(file, script);
    execFileSync(process.execPath, ['--check', file]); // throws on a syntax error
  });

  describe('by the agent', () => {
    let agent: AgentBrowser;
    let flows: FlowLibrary;
    const steps: SessionStep[] = [];
    const run = (input: Record<string, unknown>) => findTool('run_flow')!.run(agent, parseToolInput('run_flow', { session: fixture.sessionId, ...input }) as never);

    before(async () => {
      flows = new FlowLibrary(path.join(tempStorage('bc-flows-'), 'flows'));
      await flows.save({ ...signupFlow(fixture.site.url), title: 'Sign up' });
      await flows.save({ title: 'Elsewhere', steps: [{ type: 'navigate', url: 'https://blocked.example/{{path}}' }] });
      agent = new AgentBrowser(fixture.manager, fixture.logs, {
        feedback: () => 'demonstration',
        origins: () => ({ allowed: [], denied: ['blocked.example'] }),
        secret: async () => 'correct horse',
        flows: () => flows,
      });
      agent.onDidStep((step) => steps.push(step));
    });
    after(async () => {
      await agent.control.takeBack(fixture.sessionId).catch(() => undefined);
      agent.dispose();
    });

    it('lists the flows with what each needs', async () => {
      const listed = (await findTool('list_flows')!.run(agent, {} as never)).text;
      assert.match(listed, /- sign-up: "Sign up", 6 steps; needs secrets password/);
      assert.match(listed, /- elsewhere: "Elsewhere", 1 steps; needs variables path/);
    });

    it('runs a flow only in a session it holds, shown on the canvas, and never beyond the denied origins', async () => {
      await assert.rejects(run({ flow: 'sign-up' }), (error) => isAgentError(error, 'DEVELOPER_HOLDS'));
      await agent.control.handToAgent(fixture.sessionId);
      await assert.rejects(run({ flow: 'elsewhere', variables: { path: 'x' } }), (error) => isAgentError(error, 'ORIGIN_BLOCKED'));
      await assert.rejects(run({ flow: 'nothing-here' }), (error) => isAgentError(error, 'INVALID_INPUT') && /no flow "nothing-here".*list_flows/s.test(error.message));
      const output = await run({ flow: 'sign-up' });
      assert.match(output.text, /Replayed "Sign up" \(6 steps\)/);
      assert.equal(new URL(fixture.page.url()).pathname, '/done');
      assert.ok(steps.some((step) => step.sessionId === fixture.sessionId && step.kind === 'click'), 'its clicks were shown on the session’s tile');
      const action = (await readLogLines(fixture.manager.logPath(fixture.sessionId))).filter((line) => line.event === 'action').at(-1);
      assert.deepEqual([action?.actor, action?.action, action?.target, action?.result], ['agent', 'replay_flow', 'Sign up', 'ok']);
    });
  });
});
