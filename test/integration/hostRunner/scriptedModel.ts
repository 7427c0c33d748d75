// A language model for tests, registered by the test extension through the editor's own provider API:
// each turn, the running test's script reads the conversation (our tool results included) and answers
// with text and tool calls, as a model would.
import * as vscode from 'vscode';

export const SCRIPTED_VENDOR = 'browser-canvas-test';

export interface ScriptedTurn {
  readonly text?: string;
  readonly toolCalls?: ReadonlyArray<{ readonly name: string; readonly input: object }>;
}

export type Script = (conversation: readonly vscode.LanguageModelChatRequestMessage[]) => ScriptedTurn;

let script: Script | undefined;

/** What the model answers from now on (undefined: "no script"). */
export function useScript(next: Script | undefined): void {
  script = next;
}

/** The text of the tool results in the conversation's last message: what our tools answered. */
export function lastToolResults(conversation: readonly vscode.LanguageModelChatRequestMessage[]): string {
  const last = conversation.at(-1);
  return (last?.content ?? [])
    .filter((part): part is vscode.LanguageModelToolResultPart => part instanceof vscode.LanguageModelToolResultPart)
    .flatMap((part) => part.content)
    .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
    .join('\n');
}

/** How many times the model has been asked so far in this conversation. */
export function turn(conversation: readonly vscode.LanguageModelChatRequestMessage[]): number {
  return conversation.filter((message) => message.role === vscode.LanguageModelChatMessageRole.Assistant).length;
}

export function registerScriptedModel(): vscode.Disposable {
  let calls = 0;
  return vscode.lm.registerLanguageModelChatProvider(SCRIPTED_VENDOR, {
    provideLanguageModelChatInformation: () => [
      { id: 'scripted', name: 'Scripted test model', family: 'scripted', version: '1', maxInputTokens: 1_000_000, maxOutputTokens: 10_000, capabilities: { toolCalling: true } },
    ],
    provideLanguageModelChatResponse: async (_model, messages, _options, progress) => {
      const answer = script?.(messages) ?? { text: 'No script is set.' };
      if (answer.text) {
        progress.report(new vscode.LanguageModelTextPart(answer.text));
      }
      for (const call of answer.toolCalls ?? []) {
        progress.report(new vscode.LanguageModelToolCallPart(`call-${++calls}`, call.name, call.input));
      }
    },
    provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text : JSON.stringify(text)).length / 4),
  });
}
