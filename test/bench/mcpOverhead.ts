// `npm run bench` (MCP part): what the MCP doors add to an agent action. The same click_element on
// the same page, made in process (the editor's LM tool door), over Streamable HTTP (the editor's
// server), and over stdio through dist/mcp.js relaying to that server (how Claude Code reaches it).
// Beside them, what carrying a call costs with no tool in it: an MCP ping over each door (the SDK's
// client and server transports), and a plain HTTP round trip to the same server (/health, no SDK).
import { request } from 'node:http';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { agentTools, findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import { publishEndpoint } from '../../src/cdp/mcp/endpointFile';
import { McpHttpServer } from '../../src/cdp/mcp/mcpHttpServer';
import { createMcpServer } from '../../src/cdp/mcp/mcpServer';
import { COUNTER_PAGE } from '../support/agentFixtures';
import { sessionOnPage } from '../unit/support';
import { runBench } from './runBench';

const CLICKS = 40;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const fixture = await sessionOnPage({ '/counter': COUNTER_PAGE }, '/counter');
  const browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
  const server = await McpHttpServer.start(() => createMcpServer(browser, agentTools, '0.0.0'));
  const published = await publishEndpoint(fixture.storageDir, server.endpoint);
  // One agent's name on both doors: a session changing hands between clients is written to the registry.
  const http = new Client({ name: 'bench-agent', version: '1' });
  const stdio = new Client({ name: 'bench-agent', version: '1' });
  try {
    await browser.control.handToAgent(fixture.sessionId);
    await http.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${server.endpoint.token}` } } }));
    await stdio.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(__dirname, '..', '..', 'mcp.js'), '--storage', fixture.storageDir], stderr: 'ignore' }));
    const input = { session: fixture.sessionId, selector: '#press' };
    const doors: Record<string, () => Promise<unknown>> = {
      'in process': () => findTool('click_element')!.run(browser, parseToolInput('click_element', input) as never),
      'MCP over HTTP': () => checked(http.callTool({ name: 'click_element', arguments: input })),
      'MCP over stdio (relayed)': () => checked(stdio.callTool({ name: 'click_element', arguments: input })),
      'ping over HTTP': () => http.ping(),
      'ping over stdio (relayed)': () => stdio.ping(),
      'HTTP round trip, no SDK': () => healthCheck(server),
    };
    const times = Object.fromEntries(Object.keys(doors).map((door) => [door, [] as number[]]));
    // Interleaved, so a slow moment of the machine falls on every door alike.
    for (let i = 0; i < CLICKS; i++) {
      for (const [door, click] of Object.entries(doors)) {
        const start = performance.now();
        await click();
        times[door].push(performance.now() - start);
      }
    }
    const [page] = await fixture.manager.connection(fixture.sessionId)!.pages();
    const count = await page.evaluate(() => document.getElementById('count')?.textContent);
    const base = median(times['in process']);
    console.log(`mcp (click_element, execution mode, median of ${CLICKS}; presses counted ${count}/${3 * CLICKS})`);
    for (const [door, values] of Object.entries(times)) {
      const carried = /ping|round trip/.test(door);
      console.log(`  ${door}: ${median(values).toFixed(1)} ms${carried ? '' : `; ratio ${(median(values) / base).toFixed(2)}${door === 'in process' ? '' : ' (goal <= 1.2)'}`}`);
    }
  } finally {
    await stdio.close();
    await http.close();
    published.dispose();
    server.dispose();
    browser.dispose();
    await fixture.close();
  }
}

async function checked(call: Promise<unknown>): Promise<void> {
  const result = (await call) as CallToolResult;
  if (result.isError) {
    throw new Error(result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n'));
  }
}

runBench(main);

/** A request our server answers before the SDK sees it: what HTTP on loopback costs by itself. */
function healthCheck(server: McpHttpServer): Promise<void> {
  return new Promise((resolve, reject) => {
    const { port, token } = server.endpoint;
    request({ host: '127.0.0.1', port, path: '/health', headers: { Authorization: `Bearer ${token}` } }, (response) => response.resume().on('end', resolve))
      .on('error', reject)
      .end();
  });
}
