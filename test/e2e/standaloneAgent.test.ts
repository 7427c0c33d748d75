// A user's first run of the packaged extension: the .vsix (`npm run package`) installed into a clean
// code-server profile. An agent works before any editor runs: the installed dist/mcp.js serves alone
// (as Claude Code starts it), opens a session and types into it. The editor opened afterwards
// activates the extension, shows that session live on the canvas, names the agent on its badge, and
// takes it back with the typed text intact.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Page } from 'puppeteer-core';
import { installVsix } from '../../scripts/editor/codeServer';
import { EditorDirs, repoRoot } from '../../scripts/editor/profile';
import { startFixtureServer } from '../support/fixtureServer';
import { waitFor } from '../support/waitFor';
import { CodeServerRun, startCodeServerRun } from './codeServerRun';
import { answerQuickInput, CanvasView, findCanvas, runFromPalette, TileDiagnostics } from './workbench';

// The page puts what is typed into its title, which the tile header shows.
const NOTE_PAGE = `<!doctype html><title>empty</title><label>Note <input id="note"></label>
<script>note.oninput = () => document.title = 'note: ' + note.value;</script>`;
const TYPED = 'left by the agent';

const textOf = (result: CallToolResult) => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

describe('the packaged extension (.vsix), and an agent that starts before the editor', function () {
  this.timeout(180_000);
  let run: CodeServerRun;
  let page: Page;
  let canvas: CanvasView;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;
  let sessionId = '';

  before(async () => {
    fixtures = await startFixtureServer({ '/note': NOTE_PAGE });
    run = await startCodeServerRun('e2e-standalone', { 'browserCanvas.agent.confirmActions': false }, { installed: true, beforeStart: (dirs) => agentBeforeTheEditor(dirs) });
    ({ page } = run);
  });

  /** The installed .vsix's dist/mcp.js, alone as Claude Code starts it: opens a session and types into it, then exits. */
  async function agentBeforeTheEditor(dirs: EditorDirs): Promise<void> {
    const vsix = path.join(repoRoot, 'browser-canvas.vsix');
    assert.ok(existsSync(vsix), `${vsix} is missing: npm test makes it with npm run package`);
    installVsix(dirs, vsix);
    const installed = readdirSync(dirs.extensions).find((name) => name.startsWith('browser-canvas.browser-canvas-'));
    assert.ok(installed, `the .vsix installed nothing into ${dirs.extensions}`);
    const storage = path.join(dirs.userData, 'User', 'globalStorage', 'browser-canvas.browser-canvas');
    const agent = new Client({ name: 'early-agent', version: '1.0.0' });
    await agent.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(dirs.extensions, installed, 'dist', 'mcp.js'), '--storage', storage], stderr: 'ignore' }));
    try {
      const call = async (name: string, args: Record<string, unknown>) => {
        const result = (await agent.callTool({ name, arguments: args })) as CallToolResult;
        assert.ok(!result.isError, `${name}: ${textOf(result)}`);
        return textOf(result);
      };
      sessionId = /session "early" \((\w+)\)/.exec(await call('open_session', { url: `${fixtures.url}/note`, label: 'early' }))?.[1] ?? '';
      assert.ok(sessionId, 'open_session named its session');
      const note = /textbox "Note" \[ref=(e\d+)\]/.exec(await call('snapshot_page', { session: sessionId }))![1];
      await call('type_text', { session: sessionId, ref: note, text: TYPED });
    } finally {
      await agent.close(); // the server exits with its client; the session's browser does not
    }
  }

  afterEach(async function () {
    await run?.screenshotIfFailed(this.currentTest, async () => `tiles: ${JSON.stringify(await canvas?.tiles())}`);
  });

  after(async () => {
    await run?.stop();
    await fixtures?.close();
  });

  const tile = async (): Promise<TileDiagnostics | undefined> => (await canvas.tiles()).find((candidate) => candidate.sessionId === sessionId);

  it('shows the session on the canvas, live, with the page as the agent left it and the agent named on its badge', async () => {
    await runFromPalette(page, 'Browser Canvas: Open Canvas');
    canvas = await findCanvas(page);
    const shown = await waitFor(async () => {
      const found = await tile();
      return found && found.framesDrawn > 0 ? found : undefined;
    }, "the agent's session in a tile with a frame");
    assert.equal(shown.title, `note: ${TYPED}`);
    assert.equal(shown.controller, 'agent');
    assert.equal(shown.holder, 'early-agent');
  });

  it('takes it back from the badge, and the page keeps what the agent typed', async () => {
    const { badgeRect } = (await tile())!;
    await page.mouse.click(canvas.origin.x + badgeRect.x + badgeRect.width / 2, canvas.origin.y + badgeRect.y + badgeRect.height / 2);
    await waitFor(async () => (await tile())?.controller === 'developer', 'the session back with the developer');
    assert.equal((await tile())!.title, `note: ${TYPED}`);
  });

  it('handed to the agent again with no agent connected, says so and offers to connect one', async () => {
    const { badgeRect } = (await tile())!;
    await page.mouse.click(canvas.origin.x + badgeRect.x + badgeRect.width / 2, canvas.origin.y + badgeRect.y + badgeRect.height / 2);
    await answerQuickInput(page, /What should it do from here\?/, ['Enter']);
    await waitFor(async () => (await tile())?.controller === 'agent', 'the agent to hold the session');
    // No language model in this editor and the early agent has gone: nothing would happen, and the editor says so.
    const notice = await waitFor(() => page.$$eval('.notification-toast', (toasts) => toasts.map((toast) => toast.textContent ?? '').find((text) => text.includes('no agent is connected'))).catch(() => undefined), 'the notice');
    assert.match(notice, /"early" is with the agent, but no agent is connected to this editor yet/);
    assert.match(notice, /Connect an Agent…/);
  });
});
