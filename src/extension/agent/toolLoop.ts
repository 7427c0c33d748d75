import * as vscode from 'vscode';
import { AgentBrowser, agentTools, describeInvocation, errorMessage, findTool, UNTRUSTED_NOTE, unshownNotes } from '../../cdp';
import { toToolResult } from './lmTools';

/** A model that keeps calling tools is stopped here, and says so. */
const MAX_ROUNDS = 40;
const OUR_TOOLS = new Set<string>(agentTools.map((tool) => tool.name));

const INSTRUCTIONS = `You drive real browser sessions that the developer watches on the Browser Canvas.
- Start with list_sessions. Act only on sessions held by the agent; for a session the developer holds, ask them to hand it to you.
- Read a page with snapshot_page and act with the refs it shows ([ref=e12]); take a new snapshot after the page changes.
- ${UNTRUSTED_NOTE}
- When you are done, or need the developer (a captcha, a login, a decision), call hand_back with a short message.
- Say briefly what you did.`;

/**
 * Free text to @browser: the model the developer chose in chat, over our tools, until it stops calling
 * them. Each call shows as progress and goes through vscode.lm.invokeTool (the editor's confirmations
 * included); cancelling the chat request stops the loop and the action in flight.
 */
export async function runToolLoop(
  browser: AgentBrowser,
  request: Pick<vscode.ChatRequest, 'prompt' | 'model' | 'toolInvocationToken'>,
  stream: Pick<vscode.ChatResponseStream, 'markdown' | 'progress' | 'button'>,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  if (!request.model) {
    stream.markdown('There is no language model to ask. Pick one in the chat input, or use the slash commands: /open, /goto, /click, /type, /snapshot.');
    return {};
  }
  const tools = vscode.lm.tools.filter((tool) => OUR_TOOLS.has(tool.name));
  // Before the listing, which would otherwise take the pictures of an agent-held session's notes for itself.
  const pointed = pointedAt(browser);
  const sessions = await findTool('list_sessions')!.run(browser, {} as never);
  const messages = [vscode.LanguageModelChatMessage.User(`${INSTRUCTIONS}\n\nThe sessions now:\n${sessions.text}`), ...pointed, vscode.LanguageModelChatMessage.User(request.prompt)];
  const touched = new Set<string>();
  try {
    for (let round = 0; round < MAX_ROUNDS && !token.isCancellationRequested; round++) {
      const response = await request.model.sendRequest(messages, { tools }, token);
      const calls: vscode.LanguageModelToolCallPart[] = [];
      let text = '';
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) {
          stream.markdown(part.value);
          text += part.value;
        } else if (part instanceof vscode.LanguageModelToolCallPart) {
          calls.push(part);
        }
      }
      if (calls.length === 0) {
        return done(browser, stream, touched);
      }
      messages.push(vscode.LanguageModelChatMessage.Assistant([...(text ? [new vscode.LanguageModelTextPart(text)] : []), ...calls]));
      for (const call of calls) {
        const input = (call.input ?? {}) as Record<string, unknown>;
        stream.progress(describeInvocation(browser, call.name, input));
        if (typeof input.session === 'string') {
          touched.add(input.session);
        }
        const result = await vscode.lm.invokeTool(call.name, { input, toolInvocationToken: request.toolInvocationToken }, token);
        messages.push(vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, result.content)]));
      }
    }
    stream.markdown(token.isCancellationRequested ? '\n\nStopped.' : `\n\nStopped after ${MAX_ROUNDS} rounds of tool calls.`);
    return done(browser, stream, touched);
  } catch (error) {
    if (token.isCancellationRequested) {
      stream.markdown('\n\nStopped.');
      return done(browser, stream, touched);
    }
    stream.markdown(explain(error));
    return { errorDetails: { message: errorMessage(error) } };
  }
}

/**
 * The elements the developer pointed at since a model last saw them, once, before the request: their
 * words, the elements fenced, and their pictures where the editor's messages carry images (as tool results do).
 */
function pointedAt(browser: AgentBrowser): vscode.LanguageModelChatMessage[] {
  const notes = unshownNotes(browser);
  // A tool result's parts are the parts a user message takes (text, and images where LanguageModelDataPart exists).
  return notes ? [vscode.LanguageModelChatMessage.User(toToolResult(notes).content as vscode.LanguageModelTextPart[])] : [];
}

function done(browser: AgentBrowser, stream: Pick<vscode.ChatResponseStream, 'button'>, touched: Set<string>): vscode.ChatResult {
  for (const sessionId of touched) {
    const record = browser.manager.get(sessionId);
    if (record) {
      stream.button({ command: 'browserCanvas.openCanvas', title: `Show ${record.label} on the Canvas`, arguments: [{ sessionId }] });
    }
  }
  return { metadata: { sessions: [...touched] } };
}

/** What went wrong with the model, and what the developer can do. */
function explain(error: unknown): string {
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions.name) {
      return 'Browser Canvas may not use this language model. Allow it when the editor asks, or pick another model. Slash commands such as /open, /goto and /click work without one.';
    }
    if (error.code === vscode.LanguageModelError.NotFound.name) {
      return 'The chosen language model is not available. Pick another model in the chat input, or use the slash commands (/open, /goto, /click, /type, /snapshot).';
    }
    if (error.code === vscode.LanguageModelError.Blocked.name) {
      return 'The language model refused this request (blocked, or a quota reached). Try again later or with another model.';
    }
    return `The language model failed: ${error.message}. Slash commands (/open, /goto, /click, /type, /snapshot) work without one.`;
  }
  return `Something went wrong: ${errorMessage(error)}`;
}
