// The scripted agent of the task bench, once per MCP server. It reads snapshot text as a model would:
// an element is found by role and accessible name in the latest snapshot it was shown, and only when
// that snapshot lacks it does it take a new one (unless nothing happened since it was taken), and on
// our side one narrowed with "find".
import * as path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { PlaywrightMcp } from './playwrightMcp';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What a task asks of an agent; each side maps it to its own tools. */
export abstract class TaskAgent {
  calls = 0;
  characters = 0;
  /** Every call and what it returned, for reading where the tokens go. */
  transcript: string[] = [];
  private view = '';
  /** The view was shown by the last call: a new snapshot would show the same. */
  private fresh = false;

  constructor(readonly site: string) {}

  /** The ref of `role "name"` in a snapshot text, as this side writes it. */
  protected abstract match(snapshot: string, role: string, name: string): string | undefined;
  protected abstract callTool(name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }>;
  protected abstract snapshot(find?: string): Promise<void>;
  abstract open(path: string): Promise<void>;
  abstract click(ref: string, name: string): Promise<void>;
  abstract type(ref: string, text: string, submit?: boolean): Promise<void>;
  abstract select(ref: string, option: string): Promise<void>;
  abstract answerDialog(accept: boolean, promptText?: string): Promise<void>;
  abstract upload(ref: string, file: string): Promise<void>;
  abstract drag(from: string, to: string): Promise<void>;
  abstract waitForText(text: string): Promise<void>;

  /** A fresh count for the next task. */
  reset(): void {
    this.calls = 0;
    this.characters = 0;
    this.transcript = [];
    this.view = '';
    this.fresh = false;
  }

  async ref(role: string, name: string, canFind = false): Promise<string> {
    let ref = this.match(this.view, role, name);
    if (!ref && !this.fresh) {
      await this.snapshot();
      ref = this.match(this.view, role, name);
    }
    if (!ref && canFind) {
      await this.snapshot(name);
      ref = this.match(this.view, role, name);
    }
    if (!ref) {
      throw new Error(`no ${role} "${name}" with a ref in the snapshot`);
    }
    return ref;
  }

  /** One tool call, counted; a result that shows refs becomes what the agent looks at. */
  protected async call(name: string, args: Record<string, unknown>): Promise<string> {
    const { text, isError } = await this.callTool(name, args);
    this.calls++;
    this.characters += text.length;
    this.transcript.push(`> ${name} ${JSON.stringify(args)}\n${text}`);
    this.fresh = !isError && /\[ref=/.test(text);
    if (isError) {
      throw new Error(`${name}: ${text.slice(0, 300)}`);
    }
    if (this.fresh) {
      this.view = text;
    }
    return text;
  }
}

/** Ours, over Streamable HTTP: every call names the session. */
export class OurAgent extends TaskAgent {
  constructor(site: string, private readonly client: Client, private readonly session: string) {
    super(site);
  }

  protected match(snapshot: string, role: string, name: string): string | undefined {
    return new RegExp(`- ${role} "${escaped(name)}"[^\\n]*?\\[ref=(e\\d+)\\]`).exec(snapshot)?.[1];
  }

  protected async callTool(name: string, args: Record<string, unknown>) {
    const result = (await this.client.callTool({ name, arguments: { session: this.session, ...args } })) as CallToolResult;
    return { text: result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n'), isError: result.isError === true };
  }

  protected async snapshot(find?: string) {
    await this.call('snapshot_page', find ? { find } : {});
  }

  async open(path: string) {
    await this.call('navigate_page', { url: `${this.site}${path}` });
    await this.snapshot();
  }
  async click(ref: string) {
    await this.call('click_element', { ref });
  }
  async type(ref: string, text: string, submit?: boolean) {
    await this.call('type_text', { ref, text, submit });
  }
  async select(ref: string, option: string) {
    await this.call('select_option', { ref, option });
  }
  async answerDialog(accept: boolean, promptText?: string) {
    await this.call('handle_dialog', { action: accept ? 'accept' : 'dismiss', promptText });
  }
  async upload(ref: string, file: string) {
    await this.call('upload_file', { ref, paths: [path.basename(file)] });
  }
  async drag(from: string, to: string) {
    await this.call('drag_element', { ref: from, toRef: to });
  }
  async waitForText(text: string) {
    await this.call('wait_for', { text });
  }
}

/** Playwright MCP: one browser tab, element targets by ref, a snapshot in most action results. */
export class PlaywrightAgent extends TaskAgent {
  constructor(site: string, private readonly mcp: PlaywrightMcp) {
    super(site);
  }

  /** Its name is quoted, or (a list item, a paragraph) the element's text after the colon. */
  protected match(snapshot: string, role: string, name: string): string | undefined {
    const pattern = `- ${role}(?: "${escaped(name)}"[^\\n]*?\\[ref=(\\w+)\\]| \\[ref=(\\w+)\\]: ${escaped(name)}$)`;
    const found = new RegExp(pattern, 'm').exec(snapshot);
    return found?.[1] ?? found?.[2];
  }

  protected callTool(name: string, args: Record<string, unknown>) {
    return this.mcp.call(name, args);
  }

  protected async snapshot() {
    await this.call('browser_snapshot', {});
  }

  async open(path: string) {
    await this.call('browser_navigate', { url: `${this.site}${path}` });
  }
  async click(ref: string, name: string) {
    await this.call('browser_click', { element: name, target: ref });
  }
  async type(ref: string, text: string, submit?: boolean) {
    await this.call('browser_type', { target: ref, text, submit });
  }
  async select(ref: string, option: string) {
    await this.call('browser_select_option', { target: ref, values: [option] });
  }
  async answerDialog(accept: boolean, promptText?: string) {
    await this.call('browser_handle_dialog', { accept, promptText });
  }
  /** Its upload answers a file chooser: a click on the input opens one. */
  async upload(ref: string, file: string) {
    await this.click(ref, 'file input');
    await this.call('browser_file_upload', { paths: [file] });
  }
  async drag(from: string, to: string) {
    await this.call('browser_drag', { startTarget: from, endTarget: to });
  }
  async waitForText(text: string) {
    await this.call('browser_wait_for', { text });
  }
}
