import * as vscode from 'vscode';
import { AgentBrowser, AgentTool, fenceUntrusted, originOf, parseToolInput, toolErrorText, ToolOutput } from '../../cdp';

/** How a tool reads while it runs: "Clicking e12 in session shop-1". */
const VERBS: Record<string, string> = {
  list_sessions: 'Listing sessions',
  open_session: 'Opening a session',
  navigate_page: 'Opening',
  snapshot_page: 'Reading the page',
  click_element: 'Clicking',
  type_text: 'Typing into',
  press_key: 'Pressing',
  scroll_page: 'Scrolling',
  select_option: 'Choosing in',
  hover_element: 'Hovering over',
  wait_for: 'Waiting for',
  navigate_history: 'Going',
  handle_dialog: 'Answering the dialog:',
  take_screenshot: 'Taking a screenshot of',
  evaluate_function: 'Running a function in',
  list_flows: 'Listing recorded flows',
  run_flow: 'Replaying flow',
  hand_back: 'Handing back',
};

/** Registers every agent tool with the editor, for any agent in it (and our @browser participant). */
export function registerLanguageModelTools(browser: AgentBrowser, tools: readonly AgentTool[], confirmActions: () => boolean): vscode.Disposable[] {
  return tools.map((tool) =>
    vscode.lm.registerTool<Record<string, unknown>>(tool.name, {
      prepareInvocation: (options) => prepareToolInvocation(browser, tool, options.input, confirmActions()),
      invoke: async (options, token) => {
        const sessionId = typeof options.input.session === 'string' ? options.input.session : undefined;
        const cancelled = token.onCancellationRequested(() => sessionId && browser.control.interrupt(sessionId, 'The chat request was cancelled.'));
        try {
          return toToolResult(await tool.run(browser, parseToolInput(tool.name, options.input) as never));
        } catch (error) {
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(toolErrorText(error))]);
        } finally {
          cancelled.dispose();
        }
      },
    }),
  );
}

/** "Clicking e12 in session shop-1": the progress line of a tool call. */
export function describeInvocation(browser: AgentBrowser, toolName: string, input: Record<string, unknown>): string {
  const session = typeof input.session === 'string' ? browser.manager.get(input.session) : undefined;
  // Never the typed text itself: it may be a password.
  const what = String(input.ref ?? input.selector ?? input.key ?? input.url ?? input.find ?? input.option ?? input.flow ?? input.direction ?? input.action ?? (input.x !== undefined ? `(${input.x}, ${input.y})` : ''));
  const where = session ? ` in session ${session.label}` : '';
  return `${VERBS[toolName] ?? toolName} ${what}${where}`.replace(/\s+/g, ' ').trim();
}

/**
 * The progress line, and for tools with side effects the confirmation naming the page's origin
 * (unless browserCanvas.agent.confirmActions is off).
 */
export function prepareToolInvocation(browser: AgentBrowser, tool: AgentTool, input: Record<string, unknown>, confirm: boolean): vscode.PreparedToolInvocation {
  const invocationMessage = describeInvocation(browser, tool.name, input);
  if (!tool.sideEffect || !confirm) {
    return { invocationMessage };
  }
  const origin = tool.name === 'navigate_page' || tool.name === 'open_session' ? originOf(String(input.url)) : pageOrigin(browser, input);
  return {
    invocationMessage,
    confirmationMessages: {
      title: `Browser Canvas: ${tool.name.replace('_', ' ')}`,
      message: new vscode.MarkdownString(`${invocationMessage} on **${origin || 'a page'}**?`),
    },
  };
}

function pageOrigin(browser: AgentBrowser, input: Record<string, unknown>): string {
  const connection = typeof input.session === 'string' ? browser.manager.connection(input.session) : undefined;
  const target = connection?.pageTarget(typeof input.page === 'string' ? input.page : undefined);
  return target ? originOf(target.url()) : '';
}

/** Page content goes to the model fenced and labelled as data from the web, never as instructions. */
export function toToolResult(output: ToolOutput): vscode.LanguageModelToolResult {
  const parts: Array<vscode.LanguageModelTextPart | vscode.LanguageModelPromptTsxPart> = [new vscode.LanguageModelTextPart(output.text)];
  if (output.untrusted) {
    parts.push(new vscode.LanguageModelTextPart(fenceUntrusted(output.untrusted)));
  }
  // Images in tool results arrived in VS Code 1.110; older editors get the text alone.
  const dataPart = (vscode as unknown as { LanguageModelDataPart?: { image(data: Uint8Array, mimeType: string): vscode.LanguageModelTextPart } }).LanguageModelDataPart;
  if (output.image && dataPart) {
    parts.push(dataPart.image(output.image, 'image/png'));
  }
  return new vscode.LanguageModelToolResult(parts);
}
