// Playwright MCP (tools/playwrightMcp, from the npm registry) as a model would reach it: a stdio MCP
// server, JSON-RPC lines, pointed at the session's own Chromium over CDP.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../scripts/editor/profile';

interface Reply {
  readonly id?: number;
  readonly result?: { content?: Array<{ type: string; text?: string }>; isError?: boolean };
  readonly error?: { message: string };
}

export class PlaywrightMcp {
  private buffer = '';
  private next = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\n'); end >= 0; end = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, end).trim();
        this.buffer = this.buffer.slice(end + 1);
        const reply = line ? (JSON.parse(line) as Reply) : undefined;
        if (reply?.id !== undefined) {
          this.waiting.get(reply.id)?.(reply);
          this.waiting.delete(reply.id);
        }
      }
    });
  }

  /** `workspace`: its working folder, the only one it uploads files from (default: a new temp folder). */
  static async start(cdpEndpoint: string, workspace = mkdtempSync(path.join(os.tmpdir(), 'bc-pwmcp-'))): Promise<PlaywrightMcp> {
    const cli = path.join(repoRoot, 'tools', 'playwrightMcp', 'node_modules', '@playwright', 'mcp', 'cli.js');
    // Its snapshot files go to a folder of its own.
    const child = spawn(process.execPath, [cli, '--cdp-endpoint', cdpEndpoint], { cwd: workspace, stdio: ['pipe', 'pipe', 'ignore'] });
    const mcp = new PlaywrightMcp(child);
    await mcp.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'browser-canvas-bench', version: '1' } });
    child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    return mcp;
  }

  /** A tool's answer: the text a model would get. */
  async callTool(name: string, args: Record<string, unknown>): Promise<string> {
    return (await this.call(name, args)).text;
  }

  /** A tool's answer and whether it reports a failure. */
  async call(name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
    const reply = await this.request('tools/call', { name, arguments: args });
    return { text: (reply.result?.content ?? []).map((part) => part.text ?? '').join('\n'), isError: reply.result?.isError === true };
  }

  private request(method: string, params: unknown): Promise<Reply> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => (reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply)));
      this.child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  stop(): void {
    this.child.kill();
  }
}
