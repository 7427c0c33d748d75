/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Theia AI drives a Browser Canvas session the way a Theia user sets it up: a custom OpenAI-compatible
// model (here a scripted one on loopback, @theia/ai-openai's customOpenAiModels setting), a custom
// agent (prompt-templates/agents/<id>/agent.md) whose prompt takes our MCP server's tools,
// and our server added to Theia AI's MCP servers by *Connect an Agent…*. Theia's own chat then runs
// the tool loop; the form is checked in the page itself.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import puppeteer, { Page } from 'puppeteer-core';
import { readEndpoint } from '../../src/cdp/mcp/endpointFile';
import { prepareDirs, repoRoot } from '../../scripts/editor/profile';
import { RunningEditor } from '../integration/runner/editor';
import { startTheiaEditor } from '../integration/runner/theia';
import { DONE_PAGE, SIGNUP_PAGE } from '../support/agentFixtures';
import { startFixtureServer } from '../support/fixtureServer';
import { ChatRequest, messageText, ScriptedReply, startScriptedChatModel } from '../support/scriptedChatModel';
import { killSessionBrowsers } from '../support/sessionBrowsers';
import { waitFor } from '../support/waitFor';
import { answerQuickInput, CanvasView, findCanvas, runFromPalette, TileDiagnostics } from '../e2e/workbench';

const SERVER = 'browser-canvas';
const EMAIL = 'ada@example.com';
const DONE_TEXT = 'Signed up: the account form is submitted.';

// The agent as a user would write it: its model, and our server's tools through the fragment Theia AI
// makes for each MCP server.
const AGENT_MD = `---
name: Browser
description: Works in the browser sessions on the Browser Canvas.
defaultLLM: scripted
---
You work in the browser sessions the developer sees on the Browser Canvas, with these tools:
{{prompt:mcp_${SERVER}_tools}}
`;

/** A tool result as the model reads it (Theia sends tool results as JSON of their parts). */
function toolResultText(request: ChatRequest, index: number): string {
  const text = messageText(request.messages.filter((message) => message.role === 'tool')[index]);
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      strings.push(value);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(collect);
    }
  };
  try {
    collect(JSON.parse(text));
  } catch {
    strings.push(text);
  }
  return strings.join('\n');
}

/**
 * The model's side of the conversation, step by step from what the tools answered, as a model would
 * (a session it holds from list_sessions, refs from the snapshot). Each tool is called by the one
 * name the editor offered for it: a tool offered twice fails the script.
 */
function signUp(request: ChatRequest): ScriptedReply {
  const tool = (name: string) => {
    const offered = request.toolNames.filter((offer) => offer === name || offer.endsWith(`_${name}`));
    if (offered.length !== 1) {
      throw new Error(`the editor offered ${offered.length} tools for ${name}: ${offered.join(', ')}`);
    }
    return offered[0];
  };
  const results = request.messages.filter((message) => message.role === 'tool').length;
  // Theia passes a tool's error on as a part of type "error": a model would stop and say so.
  const last = results && messageText(request.messages.filter((message) => message.role === 'tool')[results - 1]);
  if (last && /"type":\s*"error"/.test(last)) {
    return { text: `A tool failed: ${toolResultText(request, results - 1)}` };
  }
  if (results === 0) {
    return { call: tool('list_sessions'), arguments: {} };
  }
  const session = /session (\w+) "[^"]*": \w+, held by the agent/.exec(toolResultText(request, 0))?.[1];
  if (!session) {
    return { text: 'No session is held by the agent.' };
  }
  if (results === 1) {
    return { call: tool('snapshot_page'), arguments: { session } };
  }
  const snapshot = toolResultText(request, 1);
  const ref = (role: string, name: string) => {
    const line = snapshot.split('\n').find((candidate) => candidate.includes(`${role} "${name}"`));
    const found = line && /\[ref=(e\d+)\]/.exec(line)?.[1];
    if (!found) {
      throw new Error(`no ${role} "${name}" in the snapshot`);
    }
    return found;
  };
  const steps: ScriptedReply[] = [
    { call: tool('type_text'), arguments: { session, ref: ref('textbox', 'Email'), text: EMAIL } },
    { call: tool('type_text'), arguments: { session, ref: ref('textbox', 'Password'), text: 'correct horse' } },
    { call: tool('select_option'), arguments: { session, ref: ref('combobox', 'Plan'), option: 'Pro' } },
    { call: tool('click_element'), arguments: { session, ref: ref('checkbox', 'I accept the terms') } },
    { call: tool('click_element'), arguments: { session, ref: ref('button', 'Create account') } },
  ];
  return steps[results - 2] ?? { text: DONE_TEXT };
}

/** Presses a button of Theia's modal dialog once it asks `question`. */
async function answerTheiaDialog(page: Page, question: RegExp, button: string): Promise<void> {
  await waitFor(
    () =>
      page.evaluate(
        (source, label) => {
          const dialog = [...document.querySelectorAll('.dialogOverlay')].find((overlay) => new RegExp(source).test(overlay.textContent ?? ''));
          const target = [...(dialog?.querySelectorAll('button') ?? [])].find((candidate) => candidate.textContent?.trim() === label);
          target?.click();
          return !!target;
        },
        question.source,
        button,
      ),
    `Theia's dialog ${question} with "${button}"`,
  );
}

/** Opens Theia AI's chat view and focuses its input. */
async function chatInput(page: Page): Promise<void> {
  const shown = () => page.waitForSelector('.theia-ChatInput-Editor', { visible: true, timeout: 1_000 }).catch(() => null);
  if (!(await shown())) {
    await runFromPalette(page, 'View: Toggle AI Chat');
  }
  await page.waitForSelector('.theia-ChatInput-Editor', { visible: true, timeout: 30_000 });
  // Notifications come up over the input (Escape hides them in Theia), and may still be leaving.
  await waitFor(async () => {
    await page.keyboard.press('Escape');
    await page.click('.theia-ChatInput-Editor');
    return page.evaluate(() => !!document.activeElement?.closest('.theia-ChatInput-Editor'));
  }, 'the chat input to take the keys');
}

/** What Theia AI's chat offers after `~` and a prefix: the tools a user can give an agent there. */
async function offeredTools(page: Page, prefix: string): Promise<string[]> {
  await chatInput(page);
  await page.keyboard.type(`~${prefix}`);
  const rows = await waitFor(async () => {
    const labels = await page.$$eval('.suggest-widget.visible .monaco-list-row', (found) => found.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
    return labels.length ? labels : undefined;
  }, 'the chat to suggest tools', 5_000).catch(() => [] as string[]);
  await page.keyboard.press('Escape');
  for (let i = 0; i <= prefix.length; i++) {
    await page.keyboard.press('Backspace');
  }
  return rows.map((row) => row.split(/[\s,]/)[0]);
}

describe('Theia AI: a Theia chat agent drives a session through our MCP server', function () {
  this.timeout(240_000);
  let editor: RunningEditor;
  let page: Page;
  let canvas: CanvasView;
  let runDir: string;
  let userData: string;
  let storage: string;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;
  let model: Awaited<ReturnType<typeof startScriptedChatModel>>;

  before(async () => {
    const vsix = path.join(repoRoot, 'browser-canvas.vsix');
    assert.ok(existsSync(vsix), `${vsix} is missing: make it with npm run package`);
    fixtures = await startFixtureServer({ '/signup': SIGNUP_PAGE, '/done': DONE_PAGE });
    model = await startScriptedChatModel(signUp);
    const dirs = prepareDirs(path.join(repoRoot, '.test-runs', `theia-ai-${Date.now()}`), {
      'browserCanvas.openOnStartup': `${fixtures.url}/signup`,
      // Theia AI asks before each tool call, and so would we (it has no MCP elicitation): both are
      // the user's to switch off, and this test does, to see the agent work.
      'browserCanvas.agent.confirmActions': false,
      'ai-features.chat.defaultToolConfirmation': 'always_allow',
      'ai-features.openAiCustom.customOpenAiModels': [{ model: 'scripted', id: 'scripted', url: model.url, enableStreaming: true }],
    });
    runDir = dirs.root;
    userData = dirs.userData;
    storage = path.join(userData, 'User', 'globalStorage', 'browser-canvas.browser-canvas');
    // The user's own agents folder (in ~/.theia by default); a workspace's .agents folder is read
    // only where @theia/ai-ide is installed.
    const agentFolder = path.join(userData, 'User', 'prompt-templates', 'agents', 'browser');
    mkdirSync(agentFolder, { recursive: true });
    writeFileSync(path.join(agentFolder, 'agent.md'), AGENT_MD);
    editor = await startTheiaEditor(dirs, {}, vsix);
    page = editor.page!;
    canvas = await findCanvas(page, 120_000);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const file = path.join(runDir, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file });
      console.log(`    screenshot: ${file}\n    Theia's log: ${path.join(runDir, 'theia.log')}`);
    }
  });

  after(async () => {
    await editor?.stop();
    await model?.close();
    await fixtures?.close();
    await killSessionBrowsers(userData);
  });

  const tile = async (): Promise<TileDiagnostics> => waitFor(async () => (await canvas.tiles())[0], 'the tile');
  // From the palette, on the one session there is: with the chat open beside the canvas, the tile's
  // badge lies under it.
  const runOnSession = async (command: string) => {
    await runFromPalette(page, command);
    await answerQuickInput(page, /which session/, ['Enter']);
  };

  it("lists our language model tools in Theia AI's chat while no MCP server of ours is set", async () => {
    await waitFor(async () => (await tile()).title === 'Sign up', 'the sign-up page in a tile', 60_000);
    const offered = await waitFor(async () => {
      const tools = await offeredTools(page, 'snapshot');
      return tools.includes('snapshot_page') ? tools : undefined;
    }, 'snapshot_page among the tools', 30_000);
    assert.ok(!offered.some((name) => name.startsWith('mcp_')), `no MCP tools yet: ${offered.join(', ')}`);
  });

  it('Connect an Agent… offers Theia AI first and, once agreed, adds our server to the user settings without a token', async () => {
    await runFromPalette(page, 'Browser Canvas: Connect an Agent…');
    await answerQuickInput(page, /Which agent should drive the sessions/, []);
    const first = await page.$eval('.quick-input-list .monaco-list-row', (row) => row.textContent ?? '');
    assert.match(first, /^Theia AI/);
    await page.keyboard.press('Enter');
    await answerTheiaDialog(page, /Add Browser Canvas to Theia AI's MCP servers\?/, 'Add to User Settings');
    const settingsFile = path.join(userData, 'User', 'settings.json');
    const settings = await waitFor(() => {
      try {
        const read = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, Record<string, { command: string; args: string[]; autostart: boolean }>>;
        return read['ai-features.mcp.mcpServers']?.[SERVER] ? read : undefined;
      } catch {
        return undefined; // caught while Theia writes it
      }
    }, 'our server in the user settings');
    const entry = settings['ai-features.mcp.mcpServers'][SERVER];
    assert.equal(entry.command, 'node');
    assert.match(entry.args[0], /dist[/\\]mcp\.js$/);
    assert.deepEqual(entry.args.slice(1), ['--storage', storage]);
    assert.equal(entry.autostart, true);
    const token = readEndpoint(storage)?.token;
    assert.ok(token, "the editor's MCP server is running (its endpoint file holds the token)");
    assert.ok(!readFileSync(settingsFile, 'utf8').includes(token), 'the settings never hold the token');
  });

  it('Theia AI starts our server, and its chat offers each of our tools once: as MCP tools only', async () => {
    const offered = await waitFor(async () => {
      const tools = await offeredTools(page, 'snapshot');
      return tools.includes(`mcp_${SERVER}_snapshot_page`) && !tools.includes('snapshot_page') ? tools : undefined;
    }, 'the MCP tool, and no language model tool, among the tools', 60_000);
    assert.deepEqual(offered, [...new Set(offered)]);
  });

  it("after Hand to Agent, Theia AI's agent fills in and submits the form through our tools, and the badge names it", async () => {
    await runOnSession('Browser Canvas: Hand to Agent…');
    await answerQuickInput(page, /What should it do from here\?/, []);
    await page.keyboard.type(`Sign up ${EMAIL} on the Pro plan`);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await tile()).controller === 'agent', 'the agent to hold the session');

    await chatInput(page);
    await page.keyboard.type('@Browser Please continue with the session I handed you.');
    await waitFor(() => page.$eval('.theia-ChatInput-Editor .view-lines', (lines) => (lines.textContent ?? '').replace(/\s/g, '').includes('handedyou.')), 'the message in the chat input'); // wrapped lines join without spaces
    await page.keyboard.press('Enter');
    await waitFor(() => page.evaluate((text) => document.body.innerText.includes(text), DONE_TEXT), "the agent's answer in the chat", 120_000);
    await page.screenshot({ path: path.join(runDir, 'theia-ai-chat.png') });

    // Every request offered each tool once, all of them our MCP server's.
    for (const request of model.requests) {
      assert.deepEqual(request.toolNames, [...new Set(request.toolNames)]);
      assert.ok(request.toolNames.length && request.toolNames.every((name) => name.startsWith(`mcp_${SERVER}_`)), request.toolNames.join(', '));
    }
    assert.equal(model.requests.length, 8, 'list, snapshot, five actions, the answer');

    const shown = await waitFor(async () => ((await tile()).title === 'Welcome' ? tile() : undefined), 'the welcome page in the tile');
    assert.equal(shown.controller, 'agent');
    assert.equal(shown.holder, 'theia-client');

    // In the page itself: the form went through with what the agent typed and chose.
    const registry = JSON.parse(readFileSync(path.join(storage, 'registry.json'), 'utf8')) as { sessions: Record<string, { endpoint?: { wsEndpoint: string } }> };
    const endpoint = registry.sessions[shown.sessionId].endpoint!.wsEndpoint;
    const browser = await puppeteer.connect({ browserWSEndpoint: endpoint, defaultViewport: null });
    try {
      const summaries = await Promise.all((await browser.pages()).map((tab) => tab.evaluate(() => document.querySelector('#summary')?.textContent ?? '')));
      assert.ok(summaries.includes(`Account for ${EMAIL} on plan Pro`), summaries.join(' | '));
    } finally {
      await browser.disconnect();
    }
  });

  it('Take Back returns the session to the developer', async () => {
    await runOnSession('Browser Canvas: Take Back from Agent');
    await waitFor(async () => (await tile()).controller === 'developer', 'the session back with the developer');
    assert.equal((await tile()).title, 'Welcome');
  });
});
