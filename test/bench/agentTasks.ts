// `npm run bench` (agent tasks): the same realistic tasks done by a scripted agent over our MCP server
// and over Playwright MCP, each side on its own session of the same fixture site. Each task's end
// state is read in the page itself, so "success" is what a user would see. Tokens are characters / 4
// of every tool result the model would read. BENCH_TRANSCRIPTS=<folder> writes each side's calls there;
// BENCH_TASK=<words> runs only the tasks whose name holds them ("drag").
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Page } from 'puppeteer-core';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { agentTools } from '../../src/cdp/agent/agentTools';
import { McpHttpServer } from '../../src/cdp/mcp/mcpHttpServer';
import { createMcpServer } from '../../src/cdp/mcp/mcpServer';
import { sessionOnPage, tempStorage } from '../unit/support';
import { PlaywrightMcp } from './playwrightMcp';
import { runBench } from './runBench';
import { OurAgent, PlaywrightAgent, TaskAgent } from './taskAgents';
import { TASK_PAGES } from './taskPages';

interface Task {
  readonly name: string;
  run(agent: TaskAgent, file: string): Promise<void>;
  /** Where the task ends, read in the page: its path, then the text of what these selectors match. */
  readonly endState: readonly string[];
  readonly expected: string;
}

/** Runs in the page. */
function endState(selectors: readonly string[]): string {
  return `${location.pathname}: ${selectors.map((selector) => [...document.querySelectorAll(selector)].map((element) => element.textContent).join(', ')).join('; ')}`;
}

/** A model reads an error that says a dialog opened as its cue to answer it. */
function dialogOpened(error: unknown): void {
  if (!/dialog/.test(String(error))) {
    throw error;
  }
}

const tasks: Task[] = [
  {
    name: 'sign-up form',
    async run(agent) {
      await agent.open('/signup');
      await agent.type(await agent.ref('textbox', 'Email'), 'ada@example.com');
      await agent.type(await agent.ref('textbox', 'Password'), 'tide-tables-42');
      await agent.select(await agent.ref('combobox', 'Plan'), 'Pro');
      await agent.click(await agent.ref('checkbox', 'I accept the terms'), 'I accept the terms');
      await agent.click(await agent.ref('button', 'Create account'), 'Create account');
      await agent.waitForText('Account created');
    },
    endState: ['#result'],
    expected: '/signup: Account created for ada@example.com on plan Pro',
  },
  {
    name: 'login, then a page behind it',
    async run(agent) {
      await agent.open('/login');
      await agent.type(await agent.ref('textbox', 'Username'), 'ada');
      await agent.type(await agent.ref('textbox', 'Password'), 'correct horse');
      await agent.click(await agent.ref('button', 'Sign in'), 'Sign in');
      await agent.waitForText('Hello, ada');
      await agent.click(await agent.ref('button', 'Download invoice 2026-10'), 'Download invoice 2026-10');
    },
    endState: ['#status'],
    expected: '/account: Downloaded invoice 2026-10',
  },
  {
    name: 'confirm() and prompt()',
    async run(agent) {
      await agent.open('/drafts');
      await agent.click(await agent.ref('button', 'Delete draft'), 'Delete draft').catch(dialogOpened);
      await agent.answerDialog(true);
      await agent.click(await agent.ref('button', 'Rename draft'), 'Rename draft').catch(dialogOpened);
      await agent.answerDialog(true, 'Q4 plan');
    },
    endState: ['#status', '#name'],
    expected: '/drafts: Deleted Q3 plan; Q4 plan',
  },
  {
    name: 'long page: row 1,500 of 2,000',
    async run(agent) {
      await agent.open('/orders');
      await agent.click(await agent.ref('button', 'Cancel order 1500', true), 'Cancel order 1500');
    },
    endState: ['#pressed'],
    expected: '/orders: cancelled 1500',
  },
  {
    name: 'iframe and shadow-root form',
    async run(agent) {
      await agent.open('/checkout');
      await agent.type(await agent.ref('textbox', 'Card number'), '4242424242424242');
      await agent.click(await agent.ref('button', 'Pay'), 'Pay');
      await agent.type(await agent.ref('textbox', 'Coupon'), 'SAVE10');
      await agent.click(await agent.ref('button', 'Apply coupon'), 'Apply coupon');
    },
    endState: ['#paid', '#coupon'],
    expected: '/checkout: Paid with card ending 4242; Coupon SAVE10 applied',
  },
  {
    name: 'file upload',
    async run(agent, file) {
      await agent.open('/profile');
      await agent.upload(await agent.ref('button', 'CV'), file);
      await agent.waitForText('Uploaded');
    },
    endState: ['#uploaded'],
    expected: '/profile: Uploaded cv.txt (21 characters)',
  },
  {
    name: 'drag and drop',
    async run(agent) {
      await agent.open('/board');
      await agent.drag(await agent.ref('listitem', 'Write report'), await agent.ref('list', 'Done'));
    },
    endState: ['#done li'],
    expected: '/board: Set up CI, Write report',
  },
];

const tokens = (characters: number) => Math.ceil(characters / 4);

interface Outcome {
  readonly ok: boolean;
  readonly calls: number;
  readonly tokens: number;
  readonly why?: string;
}

async function attempt(task: Task, agent: TaskAgent, pages: () => Promise<Page[]>, file: string): Promise<Outcome> {
  agent.reset();
  let failure: string | undefined;
  await task.run(agent, file).catch((error: unknown) => (failure = error instanceof Error ? error.message : String(error)));
  // The end state is read in every page of the site the session shows (the side's own tab among them).
  const states = await Promise.all((await pages()).filter((page) => page.url().startsWith(agent.site)).map((page) => page.evaluate(endState, task.endState).catch(() => '')));
  const ok = states.includes(task.expected);
  if (process.env.BENCH_TRANSCRIPTS) {
    writeFileSync(path.join(process.env.BENCH_TRANSCRIPTS, `${task.name.replace(/\W+/g, '-')}.${agent.constructor.name}.txt`), agent.transcript.join('\n\n'));
  }
  const why = failure ?? (ok ? undefined : `page shows ${JSON.stringify(states)}`);
  return { ok, calls: agent.calls, tokens: tokens(agent.characters), why };
}

const outcomeText = (outcome: Outcome) => `${outcome.ok ? 'ok' : 'FAILED'}, ${outcome.calls} calls, ${outcome.tokens} tokens`;

async function main(): Promise<void> {
  const uploads = tempStorage('bc-bench-uploads-');
  const file = path.join(uploads, 'cv.txt');
  writeFileSync(file, 'Ada Lovelace, analyst', { mode: 0o600 });
  const fixture = await sessionOnPage(TASK_PAGES, '/signup');
  const theirSession = (await fixture.manager.create({ url: `${fixture.site.url}/signup` })).id;
  const browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }), uploadFolders: () => [uploads] });
  const server = await McpHttpServer.start(() => createMcpServer(browser, agentTools, '0.0.0'));
  const client = new Client({ name: 'bench-agent', version: '1' });
  const mcp = await PlaywrightMcp.start(fixture.manager.get(theirSession)!.endpoint!.wsEndpoint, uploads);
  try {
    await browser.control.handToAgent(fixture.sessionId);
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${server.endpoint.token}` } } }));
    const sides = [
      { agent: new OurAgent(fixture.site.url, client, fixture.sessionId), pages: () => fixture.manager.connection(fixture.sessionId)!.pages() },
      { agent: new PlaywrightAgent(fixture.site.url, mcp), pages: () => fixture.manager.connection(theirSession)!.pages() },
    ];
    console.log('agent tasks (ours over MCP / Playwright MCP; tokens = characters / 4 of every tool result; goal: every task ok on ours, ratio <= 0.5)');
    let met = 0;
    const chosen = tasks.filter((task) => task.name.includes(process.env.BENCH_TASK ?? ''));
    for (const task of chosen) {
      const [ours, theirs] = [await attempt(task, sides[0].agent, sides[0].pages, file), await attempt(task, sides[1].agent, sides[1].pages, file)];
      const ratio = ours.tokens / theirs.tokens;
      const goal = ours.ok && ratio <= 0.5;
      met += goal ? 1 : 0;
      console.log(`  ${task.name}: ours ${outcomeText(ours)}; Playwright MCP ${outcomeText(theirs)}; ratio ${ratio.toFixed(2)}${goal ? '' : ' (goal MISSED)'}`);
      for (const [side, outcome] of [['ours', ours], ['Playwright MCP', theirs]] as const) {
        if (outcome.why) {
          console.log(`    ${side}: ${outcome.why}`);
        }
      }
    }
    console.log(`  goal met on ${met} of ${chosen.length} tasks (ours also needs one list_sessions call per conversation to learn the session id, not counted above)`);
  } finally {
    mcp.stop();
    await client.close();
    server.dispose();
    browser.dispose();
    await fixture.manager.terminate(theirSession);
    await fixture.close();
  }
}

runBench(main);
