// `npm run bench` (agent part): what a snapshot costs a model next to Playwright MCP's snapshot of the
// same pages in the same browser, whether any actionable element is missing, and what an agent
// action costs next to the same raw puppeteer call.
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { ARTICLE_PAGE, COUNTER_PAGE, CROSS_SITE_PAGE, NESTED_PAGE, SIGNUP_PAGE, TABLE_PAGE, WIDGET_PAGE } from '../support/agentFixtures';
import { sessionOnPage } from '../unit/support';
import { PlaywrightMcp } from './playwrightMcp';
import { runBench } from './runBench';

const PRESSES = 40;
const ACTIONABLE = /^\s*- (button|link|textbox|searchbox|combobox|checkbox|radio|switch|slider|spinbutton|tab|menuitem|listbox|treeitem)\b(?: "([^"]*)")?/;

const tokens = (text: string) => Math.ceil(text.length / 4);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The actionable elements a snapshot shows, as `role "name"`. */
function actionable(snapshot: string): Set<string> {
  const found = new Set<string>();
  for (const line of snapshot.split('\n')) {
    const match = ACTIONABLE.exec(line);
    if (match) {
      found.add(`${match[1]} "${match[2] ?? ''}"`);
    }
  }
  return found;
}

async function main(): Promise<void> {
  const fixture = await sessionOnPage({ '/article': ARTICLE_PAGE, '/signup': SIGNUP_PAGE, '/nested': NESTED_PAGE, '/cross-site': CROSS_SITE_PAGE, '/widget': WIDGET_PAGE, '/table': TABLE_PAGE, '/counter': COUNTER_PAGE }, '/article');
  const browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
  const mcp = await PlaywrightMcp.start(fixture.manager.get(fixture.sessionId)!.endpoint!.wsEndpoint);
  const call = (name: ToolName, input: Record<string, unknown>) => findTool(name)!.run(browser, parseToolInput(name, { session: fixture.sessionId, ...input }) as never);
  try {
    await browser.control.handToAgent(fixture.sessionId);
    console.log('agent (snapshot tokens = characters / 4, of what each tool returns to the model)');
    for (const path of ['/article', '/signup', '/nested', '/cross-site', '/table']) {
      const url = `${fixture.site.url}${path}`;
      await call('navigate_page', { url });
      await call('wait_for', { selector: 'body' });
      await new Promise((resolve) => setTimeout(resolve, 300)); // a script-made iframe loads after the page
      const ours = await call('snapshot_page', {});
      const oursText = `${ours.text}\n${ours.untrusted?.content ?? ''}`;
      await mcp.callTool('browser_navigate', { url });
      const theirs = await mcp.callTool('browser_snapshot', {});
      const missing = [...actionable(theirs)].filter((element) => !actionable(oursText).has(element));
      const refs = (oursText.match(/\[ref=e\d+\]/g) ?? []).length;
      // A long list is folded on purpose: what is not shown is still reachable with "find".
      const folded = /more rows|more listitems|cut at/.test(oursText);
      const notShown = missing.length === 0 ? 'none missing' : `${missing.length} ${folded ? 'folded (reachable with find)' : 'MISSING'}, e.g. ${missing.slice(0, 2).join(', ')}`;
      console.log(
        `  ${path}: ours ${tokens(oursText)} tokens, ${refs} with refs; Playwright MCP ${tokens(theirs)} tokens, ${actionable(theirs).size} actionable; ratio ${(tokens(oursText) / tokens(theirs)).toFixed(2)}; ${notShown}`,
      );
    }
    const found = await call('snapshot_page', { find: 'Order 1500' });
    const ref = /button "Cancel order 1500" \[ref=(e\d+)\]/.exec(found.untrusted?.content ?? '')?.[1];
    await call('click_element', { ref });
    const [page] = await fixture.manager.connection(fixture.sessionId)!.pages();
    const pressed = await page.evaluate(() => document.getElementById('pressed')?.textContent);
    console.log(`  /table, find "Order 1500": ${tokens(`${found.text}\n${found.untrusted?.content}`)} tokens; its button pressed: ${pressed === 'cancelled 1500' ? 'yes' : `no (${pressed})`}`);

    await call('navigate_page', { url: `${fixture.site.url}/counter` });
    const button = /button "Press" \[ref=(e\d+)\]/.exec((await call('snapshot_page', {})).untrusted?.content ?? '')![1];
    const ourTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < PRESSES; i++) {
      let start = performance.now();
      await call('click_element', { ref: button });
      ourTimes.push(performance.now() - start);
      start = performance.now();
      await page.click('#press');
      rawTimes.push(performance.now() - start);
    }
    const count = await page.evaluate(() => document.getElementById('count')?.textContent);
    console.log(
      `  click, execution mode, median of ${PRESSES}: ours ${median(ourTimes).toFixed(1)} ms, raw puppeteer page.click ${median(rawTimes).toFixed(1)} ms; ratio ${(median(ourTimes) / median(rawTimes)).toFixed(2)} (goal <= 1.1); presses counted ${count}/${2 * PRESSES}`,
    );

    const stops: number[] = [];
    for (let i = 0; i < 10; i++) {
      const waiting = call('wait_for', { text: 'never', timeoutMs: 30_000 }).then(
        () => Number.NaN, // it should never finish on its own
        () => performance.now(),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const takenAt = performance.now();
      await browser.control.takeBack(fixture.sessionId);
      stops.push((await waiting) - takenAt);
      await browser.control.handToAgent(fixture.sessionId);
    }
    console.log(`  Take Back to the agent's action stopped, median of 10: ${median(stops).toFixed(1)} ms (goal <= 100)`);
  } finally {
    mcp.stop();
    browser.dispose();
    await fixture.close();
  }
}

runBench(main);
