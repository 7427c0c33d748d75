import * as vscode from 'vscode';
import { AgentBrowser, AgentTool, callAgentTool, describeInvocation, fenceUntrusted, invocationOrigin, parseToolInput, toolErrorText, ToolOutput } from '../../cdp';

/** Registers every agent tool with the editor, for any agent in it (and our @browser participant). */
export function registerLanguageModelTools(browser: AgentBrowser, tools: readonly AgentTool[], confirmActions: () => boolean): vscode.Disposable[] {
  return tools.map((tool) =>
    vscode.lm.registerTool<Record<string, unknown>>(tool.name, {
      prepareInvocation: (options) => prepareToolInvocation(browser, tool, options.input, confirmActions()),
      invoke: async (options, token) => {
        const sessionId = typeof options.input.session === 'string' ? options.input.session : undefined;
        const cancelled = token.onCancellationRequested(() => sessionId && browser.control.interrupt(sessionId, 'The chat request was cancelled.'));
        try {
          return toToolResult(await callAgentTool(browser, tool, parseToolInput(tool.name, options.input)));
        } catch (error) {
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(toolErrorText(error))]);
        } finally {
          cancelled.dispose();
        }
      },
    }),
  );
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
  const origin = invocationOrigin(browser, tool.name, input);
  return {
    invocationMessage,
    confirmationMessages: {
      title: `Browser Canvas: ${tool.name.replace('_', ' ')}`,
      message: new vscode.MarkdownString(`${invocationMessage} on **${origin || 'a page'}**?`),
    },
  };
}

/** Page content goes to the model fenced and labelled as data from the web, never as instructions. */
export function toToolResult(output: ToolOutput): vscode.LanguageModelToolResult {
  const parts: Array<vscode.LanguageModelTextPart | vscode.LanguageModelPromptTsxPart> = [new vscode.LanguageModelTextPart(output.text)];
  if (output.untrusted) {
    parts.push(new vscode.LanguageModelTextPart(fenceUntrusted(output.untrusted)));
  }
  if (output.meanwhile) {
    parts.push(new vscode.LanguageModelTextPart(fenceUntrusted(output.meanwhile)));
  }
  // Images in tool results arrived in VS Code 1.110; older editors get the text alone.
  const dataPart = (vscode as unknown as { LanguageModelDataPart?: { image(data: Uint8Array, mimeType: string): vscode.LanguageModelTextPart } }).LanguageModelDataPart;
  if (output.image && dataPart) {
    parts.push(dataPart.image(output.image, 'image/png'));
  }
  for (const picture of output.pictures ?? []) {
    if (dataPart) {
      parts.push(new vscode.LanguageModelTextPart(picture.caption), dataPart.image(picture.jpeg, 'image/jpeg'));
    }
  }
  return new vscode.LanguageModelToolResult(parts);
}
