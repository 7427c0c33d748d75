import * as http from 'node:http';
import { AddressInfo } from 'node:net';

// A language model for editors that speak the OpenAI Chat Completions API (Theia AI's custom OpenAI
// models): a loopback server that answers each request from a script instead of a network model. It
// streams (server-sent events) as the real API does, so the editor's own tool loop runs: it calls the
// tools the script names and sends their results back in the next request.

export interface ChatMessage {
  readonly role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  readonly content?: string | ReadonlyArray<{ readonly type: string; readonly text?: string }> | null;
  readonly tool_calls?: ReadonlyArray<{ readonly function: { readonly name: string } }>;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  /** The tools the editor offered the model in this request (their function names). */
  readonly toolNames: readonly string[];
}

/** The next turn: call one tool, or answer with text (which ends the editor's tool loop). */
export type ScriptedReply = { readonly call: string; readonly arguments: Record<string, unknown> } | { readonly text: string };

export interface ScriptedChatModel {
  /** The API's base address, for the editor's model setting (`…/v1`). */
  readonly url: string;
  readonly requests: readonly ChatRequest[];
  close(): Promise<void>;
}

/** The text of a message, whether the editor sent it as a string or as parts. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  return typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');
}

export async function startScriptedChatModel(script: (request: ChatRequest) => ScriptedReply): Promise<ScriptedChatModel> {
  const requests: ChatRequest[] = [];
  let calls = 0;
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no ${request.method} ${request.url} here` } }));
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: ChatMessage[]; tools?: Array<{ function: { name: string } }> };
      const chatRequest = { messages: body.messages, toolNames: (body.tools ?? []).map((tool) => tool.function.name) };
      requests.push(chatRequest);
      let reply: ScriptedReply;
      try {
        reply = script(chatRequest);
      } catch (error) {
        reply = { text: `The script failed: ${(error as Error).message}` };
      }
      const chunk = (delta: object, finishReason: string | null) =>
        `data: ${JSON.stringify({ id: `scripted-${requests.length}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if ('call' in reply) {
        const id = `call_${++calls}`;
        response.write(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id, type: 'function', function: { name: reply.call, arguments: JSON.stringify(reply.arguments) } }] }, null));
        response.write(chunk({}, 'tool_calls'));
      } else {
        response.write(chunk({ role: 'assistant', content: reply.text }, null));
        response.write(chunk({}, 'stop'));
      }
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
