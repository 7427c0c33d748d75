import * as vscode from 'vscode';
import type { BrowserCanvasApi } from '../../../src/extension/api';

/** A chat response stream that keeps what the participant says. */
function recordingStream() {
  const said = { markdown: [] as string[], progress: [] as string[], buttons: [] as string[] };
  const stream = {
    markdown: (value: string | vscode.MarkdownString) => void said.markdown.push(typeof value === 'string' ? value : value.value),
    progress: (value: string) => void said.progress.push(value),
    button: (command: vscode.Command) => void said.buttons.push(command.title),
    reference: () => undefined,
  } as unknown as vscode.ChatResponseStream;
  return { said, stream };
}

type ChatAsk = { command?: string; prompt: string; model?: vscode.LanguageModelChat };

/** @browser's handler, called the way the chat view calls it: what it says so far, and its whole answer once done. */
export function startAsking(api: BrowserCanvasApi, request: ChatAsk, token = new vscode.CancellationTokenSource().token) {
  const { said, stream } = recordingStream();
  const chatRequest = { toolInvocationToken: undefined, ...request } as unknown as vscode.ChatRequest;
  const answered = Promise.resolve(api.chat(chatRequest, { history: [] } as unknown as vscode.ChatContext, stream, token));
  return { said, done: answered.then(() => said) };
}

/** @browser's handler, called the way the chat view calls it; returns what it said. */
export function ask(api: BrowserCanvasApi, request: ChatAsk, token?: vscode.CancellationToken) {
  return startAsking(api, request, token).done;
}
