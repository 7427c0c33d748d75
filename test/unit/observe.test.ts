/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { isAgentError } from '../../src/cdp/agent/agentError';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { LATE_FRAMES_PAGE, LATE_WIDGET_PAGE } from '../support/observeFixtures';
import { sessionOnPage } from './support';

describe('agent observing tools', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;

  const call = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> =>
    findTool(name)!.run(browser, parseToolInput(name, { session: fixture.sessionId, ...input }) as never);

  before(async () => {
    fixture = await sessionOnPage({ '/late-frames': LATE_FRAMES_PAGE, '/late-widget': LATE_WIDGET_PAGE }, '/late-frames');
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    await browser.control.handToAgent(fixture.sessionId);
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  describe('wait_for', function () {
    it('sees text that turns up in a same-site iframe, a cross-site iframe and an open shadow root', async () => {
      await call('navigate_page', { url: `${fixture.site.url}/late-frames` });
      for (const text of ['Same-site receipt', 'Cross-site receipt', 'Shadow status: ready']) {
        assert.equal((await call('wait_for', { text, timeoutMs: 5_000 })).text, `text "${text}" is there`);
      }
      assert.equal((await call('wait_for', { selector: 'span.badge', timeoutMs: 5_000 })).text, 'selector "span.badge" is there', 'a selector matches inside a shadow root');
      await assert.rejects(call('wait_for', { text: 'Nowhere at all', timeoutMs: 300 }), (error) => isAgentError(error, 'TIMEOUT'));
    });
  });
});
