// For the end-to-end canvas test: a palette command that lets the scripted model act on the session
// the developer handed over, through @browser's real handler and our real tools, so the canvas shows
// the agent's highlights as it would for any model.
import * as vscode from 'vscode';
import type { BrowserCanvasApi } from '../../../src/extension/api';
import { lastToolResults, SCRIPTED_VENDOR, turn, useScript } from './scriptedModel';

export const LET_AGENT_ACT = 'browserCanvasTests.letAgentAct';

export function registerE2eAgent(): vscode.Disposable {
  return vscode.commands.registerCommand(LET_AGENT_ACT, async () => {
    const api = vscode.extensions.getExtension<BrowserCanvasApi>('browser-canvas.browser-canvas')!.exports;
    const session = api.manager.list().find((record) => record.controller === 'agent');
    if (!session) {
      throw new Error('No session is held by the agent.');
    }
    // Read the page, press its "Add" button, say so.
    useScript((conversation) => {
      switch (turn(conversation)) {
        case 0:
          return { toolCalls: [{ name: 'snapshot_page', input: { session: session.id } }] };
        case 1: {
          const ref = /button "Add" \[ref=(e\d+)\]/.exec(lastToolResults(conversation))?.[1];
          return ref ? { toolCalls: [{ name: 'click_element', input: { session: session.id, ref } }] } : { text: 'No Add button.' };
        }
        default:
          return { text: 'Pressed Add.' };
      }
    });
    const [model] = await vscode.lm.selectChatModels({ vendor: SCRIPTED_VENDOR });
    const stream = { markdown: () => undefined, progress: () => undefined, button: () => undefined, reference: () => undefined } as unknown as vscode.ChatResponseStream;
    const request = { prompt: 'Press Add', model, toolInvocationToken: undefined } as unknown as vscode.ChatRequest;
    await api.chat(request, { history: [] } as unknown as vscode.ChatContext, stream, new vscode.CancellationTokenSource().token);
  });
}
