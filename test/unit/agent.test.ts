/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { isAgentError } from '../../src/cdp/action/agentError';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { CROSS_SITE_PAGE, DONE_PAGE, NESTED_PAGE, SIGNUP_PAGE, TABLE_PAGE, WIDGET_PAGE } from '../support/agentFixtures';
import { readLogLines, sessionOnPage, waitFor } from './support';

/** Lists, an empty status line and paragraphs: what a page carries around its content. */
const NOTES_PAGE = `<!doctype html><title>Notes</title><h1>Notes</h1><h2>To do</h2>
<ul><li>Write report</li><li>Fix <b>login</b> bug</li></ul><ol><li>First</li></ol><p id="status" role="status"></p><p></p><p>© Example Ltd</p>`;

describe('agent tools', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;
  let session: string;

  const call = async (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> => {
    const tool = findTool(name)!;
    return tool.run(browser, parseToolInput(name, name === 'list_sessions' ? input : { session, ...input }) as never);
  };
  const snapshot = async (find?: string) => (await call('snapshot_page', find ? { find } : {})).untrusted!.content;
  const refOf = (text: string, line: RegExp) => {
    const found = text.split('\n').find((candidate) => line.test(candidate));
    assert.ok(found, `no line like ${line} in:\n${text}`);
    return /\[ref=(e\d+)\]/.exec(found)![1];
  };

  before(async () => {
    fixture = await sessionOnPage({ '/signup': SIGNUP_PAGE, '/done': DONE_PAGE, '/table': TABLE_PAGE, '/nested': NESTED_PAGE, '/cross-site': CROSS_SITE_PAGE, '/widget': WIDGET_PAGE, '/notes': NOTES_PAGE }, '/signup');
    session = fixture.sessionId;
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: ['blocked.example'] }) });
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  it('refuses to act on a session the developer holds, and says to ask for a handoff', async () => {
    await assert.rejects(call('click_element', { selector: 'button' }), (error) => isAgentError(error, 'DEVELOPER_HOLDS') && /Ask the developer to hand it to you/.test(error.message));
    assert.equal(await fixture.page.evaluate(() => location.pathname), '/signup', 'nothing happened to the page');
  });

  it('completes a multi-step form from snapshot refs once the session is handed over', async () => {
    await browser.control.handToAgent(session, 'Sign up with the Pro plan');
    const listed = (await call('list_sessions', {})).text;
    assert.match(listed, /held by the agent; the developer asks: "Sign up with the Pro plan"/);
    const text = await snapshot();
    assert.match(text, /heading "Sign up"/);
    await call('type_text', { ref: refOf(text, /textbox "Email"/), text: 'ada@example.com' });
    await call('type_text', { ref: refOf(text, /textbox "Password"/), text: 'correct horse' });
    await call('select_option', { ref: refOf(text, /combobox "Plan"/), option: 'Pro' });
    await call('click_element', { ref: refOf(text, /checkbox "I accept the terms"/) });
    await call('click_element', { ref: refOf(text, /button "Create account"/) });
    await call('wait_for', { text: 'Account for' });
    assert.equal(await fixture.page.evaluate(() => document.getElementById('summary')?.textContent), 'Account for ada@example.com on plan Pro');
    const lines = await readLogLines(fixture.manager.logPath(session));
    const actions = lines.filter((line) => line.event === 'action' && line.actor === 'agent').map((line) => line.action);
    assert.deepEqual(actions.slice(-7), ['snapshot', 'type', 'type', 'select', 'click', 'click', 'waitFor']);
    assert.ok(!JSON.stringify(lines).includes('correct horse'), 'typed text never reaches the log');
  });

  it('fails clearly on a ref from before the page changed', async () => {
    await call('navigate_page', { url: `${fixture.site.url}/signup` });
    const button = refOf(await snapshot(), /button "Create account"/);
    await call('navigate_page', { url: `${fixture.site.url}/signup` });
    await assert.rejects(call('click_element', { ref: button }), (error) => isAgentError(error, 'STALE_REF') && /before the page changed/.test(error.message));
  });

  it('types over what a field holds when asked to clear it', async () => {
    await call('navigate_page', { url: `${fixture.site.url}/signup` });
    const email = refOf(await snapshot(), /textbox "Email"/);
    await call('type_text', { ref: email, text: 'ada@example.com' });
    await call('type_text', { ref: email, text: 'bob@example.com', clear: true });
    assert.equal(await fixture.page.evaluate(() => (document.querySelector('input[name=email]') as HTMLInputElement).value), 'bob@example.com');
  });

  it('keeps a 3,000-row table within 4,000 tokens and still finds and presses the button of row 1,500', async () => {
    await call('navigate_page', { url: `${fixture.site.url}/table` });
    const whole = await snapshot();
    assert.ok(whole.length <= 16_000, `${whole.length} characters`);
    assert.match(whole, /more rows/);
    const found = await snapshot('Order 1500');
    await call('click_element', { ref: refOf(found, /button "Cancel order 1500"/) });
    assert.equal(await fixture.page.evaluate(() => document.getElementById('pressed')?.textContent), 'cancelled 1500');
  });

  it('shows lists and paragraphs without noise: no bullets, no list levels, no empty lines, text on its element\'s line (a list of one is its item)', async () => {
    await call('navigate_page', { url: `${fixture.site.url}/notes` });
    const expected = ['- heading "Notes" [level=1]', '- heading "To do" [level=2]', '- list:', '  - listitem: "Write report"', '  - listitem: "Fix login bug"', '- listitem: "First"', '- paragraph: "© Example Ltd"'];
    assert.equal(await snapshot(), `title: "Notes"\naddress: ${fixture.site.url}/notes\n${expected.join('\n')}`);
  });

  it('sees into iframes and shadow roots, and clicks there', async () => {
    await call('navigate_page', { url: `${fixture.site.url}/nested` });
    const text = await snapshot();
    await call('click_element', { ref: refOf(text, /button "Inside shadow"/) });
    await waitFor(() => fixture.page.evaluate(() => document.title === 'shadow clicked'), 'the shadow button to work');
    await call('click_element', { ref: refOf(text, /button "Pay now"/) });
    await waitFor(() => fixture.page.evaluate(() => document.title === 'paid'), 'the iframe button to work');
  });

  it('sees into a cross-site iframe (another process) and clicks where its button is on screen', async () => {
    await call('navigate_page', { url: `${fixture.site.url}/cross-site` });
    const text = await waitFor(async () => {
      const taken = await snapshot();
      return /button "Pay across sites"/.test(taken) && taken;
    }, 'the widget in the snapshot');
    assert.match(text, /Iframe "Payment":\n\s+- button "Pay across sites" \[ref=e\d+\]/, 'nested under its <iframe>');
    await call('click_element', { ref: refOf(text, /button "Pay across sites"/) });
    await waitFor(() => fixture.page.evaluate(() => document.title === 'paid across sites'), 'the cross-site button to work');
  });

  it('refuses a denied origin before going there', async () => {
    await assert.rejects(call('navigate_page', { url: 'http://blocked.example/' }), (error) => isAgentError(error, 'ORIGIN_BLOCKED'));
    assert.match(await fixture.page.evaluate(() => location.pathname), /\/cross-site/, 'the page stayed where it was');
  });

  it('saves a screenshot beside the session log when an action fails', async () => {
    await assert.rejects(call('click_element', { selector: '#no-such-thing' }), (error) => isAgentError(error, 'NOT_FOUND'));
    const failure = (await readLogLines(fixture.manager.logPath(session))).filter((line) => line.event === 'action' && line.error).at(-1)!;
    assert.equal(failure.action, 'click');
    assert.ok(typeof failure.screenshot === 'string' && existsSync(failure.screenshot), `screenshot at ${failure.screenshot}`);
  });

  it('stops a wait in flight the moment the developer takes the session back, and refuses after', async () => {
    const outcome = call('wait_for', { text: 'never on this page', timeoutMs: 30_000 }).then(
      () => new Error('the wait finished'),
      (reason: unknown) => reason,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const takenAt = performance.now();
    await browser.control.takeBack(session);
    const error = await outcome;
    const stoppedAfterMs = performance.now() - takenAt;
    assert.ok(isAgentError(error, 'CANCELLED'), String(error));
    assert.match((error as Error).message, /took the session back/);
    assert.ok(stoppedAfterMs < 30_000, 'it did not run to its own timeout');
    await assert.rejects(call('press_key', { key: 'Enter' }), (reason) => isAgentError(reason, 'DEVELOPER_HOLDS'));
  });
});
