import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AgentBrowser, errorMessage, findTool, flowLibraryOf, isLive, parseToolInput, ToolName, ToolOutput } from '../../cdp';
import { untilCancelled } from '../cancellation';
import { replayFeedback } from '../settings';
import { runToolLoop } from './toolLoop';
import type { FocusedTile } from '../canvas/focusedTile';

/**
 * @browser in chat. Slash commands are the developer's own actions, no language model needed; they
 * act on the focused tile's session, else the newest live one. Free text goes to runToolLoop.
 */
export function registerChatParticipant(handler: vscode.ChatRequestHandler): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant('browserCanvas.browser', handler);
  participant.iconPath = new vscode.ThemeIcon('globe');
  return participant;
}

export function chatHandler(browser: AgentBrowser, focus: FocusedTile, screenshotDir: string): vscode.ChatRequestHandler {
  return async (request, _context, stream, token) => {
    if (!request.command) {
      return runToolLoop(browser, request, stream, token);
    }
    try {
      await slashCommand(browser, request.command, request.prompt.trim(), stream, currentSession(browser, focus), screenshotDir, token);
      return {};
    } catch (error) {
      stream.markdown(`**${errorMessage(error)}**`);
      return { errorDetails: { message: errorMessage(error) } };
    }
  };
}

function currentSession(browser: AgentBrowser, focus: FocusedTile): () => string {
  return () => {
    const live = browser.manager.list().filter(isLive);
    const id = focus.sessionId() ?? live.at(-1)?.id;
    if (!id) {
      throw new Error('There is no live session. Open one with /open <url>.');
    }
    return id;
  };
}

async function slashCommand(browser: AgentBrowser, command: string, argument: string, stream: vscode.ChatResponseStream, session: () => string, screenshotDir: string, token: vscode.CancellationToken): Promise<void> {
  const developer = async (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> => findTool(name)!.run(browser, parseToolInput(name, input) as never, 'developer');
  const [first = '', ...rest] = argument.split(/\s+/);
  const target = /^e\d+$/.test(first) ? { ref: first } : { selector: first };
  switch (command) {
    case 'open': {
      const output = await developer('open_session', { url: argument });
      stream.markdown(output.text);
      stream.button({ command: 'browserCanvas.openCanvas', title: 'Show on the Canvas', arguments: [{ sessionId: output.sessionId }] });
      return;
    }
    case 'sessions':
      stream.markdown((await developer('list_sessions', {})).text);
      return;
    case 'goto':
      stream.markdown((await developer('navigate_page', { session: session(), url: argument })).text);
      return;
    case 'click':
      stream.markdown((await developer('click_element', { session: session(), ...target })).text);
      return;
    case 'type':
      stream.markdown((await developer('type_text', { session: session(), ...target, text: rest.join(' ') })).text);
      return;
    case 'snapshot': {
      const output = await developer('snapshot_page', { session: session(), ...(argument ? { find: argument } : {}) });
      stream.markdown(`${output.text}\n\n\`\`\`yaml\n${output.untrusted?.content ?? ''}\n\`\`\``);
      return;
    }
    case 'screenshot': {
      const id = session();
      const output = await developer('take_screenshot', { session: id });
      const file = path.join(screenshotDir, `${id}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
      await writeFile(file, output.image!, { mode: 0o600 });
      stream.markdown(`${output.text}\n\n![screenshot](${vscode.Uri.file(file).toString()})`);
      stream.reference(vscode.Uri.file(file));
      return;
    }
    case 'handoff':
      await browser.control.handToAgent(session(), argument || undefined);
      stream.markdown(`The agent now holds the session${argument ? `, to: ${argument}` : ''}. Ask @browser (or any agent) to continue; take it back with /takeback or the tile's badge.`);
      return;
    case 'replay': {
      if (!first) {
        stream.markdown((await developer('list_flows', {})).text);
        return;
      }
      // name=value pairs after the flow's name fill its {{variables}}.
      const variables = Object.fromEntries(rest.filter((pair) => pair.includes('=')).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
      const flow = await flowLibraryOf(browser).read(first);
      stream.progress(`Replaying "${flow.title}"…`);
      // As the developer's own replay: their feedback setting, stopped with the chat request.
      const { steps } = await untilCancelled(token, 'The chat request was cancelled.', (signal) => browser.replay(session(), flow, { variables, feedback: replayFeedback(), signal }, 'developer'));
      stream.markdown(`Replayed "${flow.title}" (${steps} steps).`);
      return;
    }
    case 'takeback':
      await browser.control.takeBack(session());
      stream.markdown('The session is yours again; what the agent was doing has stopped.');
      return;
    default:
      stream.markdown(`Unknown command /${command}.`);
  }
}
