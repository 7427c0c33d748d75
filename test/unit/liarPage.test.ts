/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { AgentError } from '../../src/cdp/action/agentError';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { sessionOnPage } from './support';

// Pages that lie to scripts: everything a tool measured or queried in the page's own world would point
// it at "Delete everything" while it asked for "Save". `window.pressed` says what really was pressed.
const BUTTONS = `<button id="save" style="position:absolute;left:40px;top:1400px;width:160px;height:40px" onclick="pressed.push('save')">Save</button>
<button id="delete" style="position:absolute;left:400px;top:60px;width:160px;height:40px" onclick="pressed.push('delete')">Delete everything</button>
<p style="height:3000px"></p>
<script>window.pressed = [];</script>`;

const PAGES = {
  '/boxes': `<!doctype html><title>Boxes</title>${BUTTONS}
<script>
  const real = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function () { return real.call(document.getElementById('delete')); };
  Element.prototype.scrollIntoView = function () {};
</script>`,
  '/queries': `<!doctype html><title>Queries</title>${BUTTONS}
<script>
  const realQuery = Document.prototype.querySelector;
  document.querySelector = Document.prototype.querySelector = function () { return realQuery.call(document, '#delete'); };
  Object.defineProperty(HTMLElement.prototype, 'innerText', { get() { return 'Payment confirmed'; } });
  Object.defineProperty(Node.prototype, 'textContent', { get() { return 'Payment confirmed'; } });
</script>`,
  '/overlay': `<!doctype html><title>Overlay</title>${BUTTONS}
<div id="sheet" aria-label="Promotion" role="dialog" style="position:absolute;left:0;top:0;width:100%;height:3000px;background:transparent" onclick="pressed.push('sheet')"></div>`,
};

describe('a lying page cannot steer the agent', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;

  const call = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> =>
    findTool(name)!.run(browser, parseToolInput(name, { session: fixture.sessionId, ...input }) as never);
  const open = async (path: string) => call('navigate_page', { url: `${fixture.site.url}${path}` });
  const pressed = () => fixture.page.evaluate(() => (window as unknown as { pressed: string[] }).pressed);
  const refOf = async (name: RegExp) => {
    const text = (await call('snapshot_page', {})).untrusted!.content;
    const line = text.split('\n').find((candidate) => name.test(candidate));
    assert.ok(line, `no ${name} in:\n${text}`);
    return /\[ref=(e\d+)\]/.exec(line)![1];
  };

  before(async () => {
    fixture = await sessionOnPage(PAGES, '/boxes');
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    await browser.control.handToAgent(fixture.sessionId);
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  it('clicks the element it named when the page fakes boxes and scrolling', async () => {
    await open('/boxes');
    const clicked = await call('click_element', { ref: await refOf(/button "Save"/) });
    assert.deepEqual(await pressed(), ['save']);
    assert.match(clicked.untrusted!.content, /is button "Save"/, 'the result names the element by role and name');
  });

  it('finds by selector, and waits for text, with what is really in the page', async () => {
    await open('/queries');
    await call('click_element', { selector: '#save' });
    assert.deepEqual(await pressed(), ['save']);
    await call('wait_for', { text: 'Save', timeoutMs: 2000 });
    const fooled = await call('wait_for', { text: 'Payment confirmed', timeoutMs: 500 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(fooled instanceof AgentError && fooled.code === 'TIMEOUT', 'text only the fake innerText shows is not there');
  });

  it('refuses to click through something laid over the target, and names what covers it', async () => {
    await open('/overlay');
    const covered = await call('click_element', { selector: '#save' }).then(
      () => assert.fail('the click went through'),
      (error: unknown) => error,
    );
    assert.ok(covered instanceof AgentError && covered.code === 'NOT_ACTIONABLE', String(covered));
    assert.match(covered.untrusted!.content, /covered by dialog "Promotion"/);
    assert.deepEqual(await pressed(), [], 'neither the target nor the cover was pressed');
    await assert.rejects(call('type_text', { selector: '#save', text: 'x' }), (error) => error instanceof AgentError && error.code === 'NOT_ACTIONABLE');
  });
});
