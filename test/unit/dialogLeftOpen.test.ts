import * as assert from 'node:assert/strict';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { isAgentError } from '../../src/cdp/action/agentError';
import { LivePage } from '../../src/cdp/livePage';
import { tileInfo } from '../../src/canvasHost/tileInfo';
import { startFixtureServer } from '../support/fixtureServer';
import { makeManager, tempStorage, waitFor } from './support';

// A window reloaded (or closed) while a page of its session showed a JavaScript dialog: Chromium keeps the
// dialog for the client that is gone, answers no new client's `Page.enable`, and lets nobody close it.
describe('a page left with a dialog open while no editor was connected', function () {
  it('still gets a tile at once that says why, tells the agent at once, and a reload frees the page and brings its tile back to life', async () => {
    const site = await startFixtureServer({ '/form': '<!doctype html><title>Form</title><input id="name">' });
    const storage = tempStorage();
    const first = makeManager(storage);
    const second = makeManager(storage);
    try {
      const { id } = await first.manager.create({ url: `${site.url}/form` });
      const before = first.manager.connection(id)!;
      const model = await before.pageModel(before.pageTarget()!);
      await model.send('Runtime.evaluate', { expression: 'setTimeout(() => alert("Saved?"))' });
      await waitFor(() => model.health.dialog, 'the dialog, heard by the first window');
      first.dispose(); // the window goes; the browser and its dialog stay

      await second.manager.adoptExisting();
      const after = second.manager.connection(id)!;
      const live = await LivePage.open(await after.pageModel(after.pageTarget()!));
      assert.equal(live.info.unanswered, true);
      assert.equal(live.info.url, `${site.url}/form`, 'its address read from the browser');
      const tile = tileInfo(live, second.manager.get(id), false);
      assert.equal(tile.unanswered, true, 'the tile says the page does not answer');
      assert.deepEqual((await after.pageInfos()).map((page) => page.title), ['Form'], 'listed in the Sessions view as any page');

      // The agent is told at once, and reloading is what it may still do.
      const agent = new AgentBrowser(second.manager, second.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
      const call = (name: ToolName, input: Record<string, unknown>) => findTool(name)!.run(agent, parseToolInput(name, { session: id, ...input }) as never);
      try {
        await agent.control.handToAgent(id);
        await assert.rejects(call('click_element', { selector: '#name' }), (error) => isAgentError(error, 'NOT_RESPONDING') && /has not answered since this window connected.*Nothing was done/.test((error as Error).message));
        await call('navigate_history', { direction: 'reload' });
      } finally {
        agent.dispose();
      }
      await waitFor(() => !live.info.unanswered && live.info.title === 'Form' && live.info.width > 0, 'the page answering after its reload');
      assert.equal(tileInfo(live, second.manager.get(id), false).unanswered, undefined);
      live.dispose();
    } finally {
      await second.manager.terminateAll();
      second.dispose();
      await site.close();
    }
  });
});
