import * as vscode from 'vscode';
import { AgentControl, isLive, SessionManager, SessionRecord } from '../../cdp';
import { pickSession, sessionById } from '../sessionPick';
import { SessionItem } from '../sessionsTree';
import type { FocusedTile } from '../canvas/focusedTile';
import { inputBox } from '../prompts';

/** A command's session: a tree row, an id or { sessionId, instruction } from code, or nothing (we ask). */
type HandoffArg = SessionItem | string | { readonly sessionId: string; readonly instruction?: string } | undefined;

/**
 * Hand to Agent and Take Back of a session already known: a tile's badge calls these directly, the
 * commands after picking the session.
 */
export class Handoff {
  constructor(
    private readonly manager: SessionManager,
    private readonly control: AgentControl,
    private readonly mcpClients: () => string[],
  ) {}

  /**
   * From code the instruction comes along (`fromCode`); otherwise the developer is asked what for, and
   * Escape keeps the session. Resolves to whether the session went to the agent.
   */
  async handToAgent(sessionId: string, fromCode?: { readonly instruction?: string }): Promise<boolean> {
    const record = sessionById(this.manager, sessionId);
    const instruction = fromCode
      ? fromCode.instruction
      : await inputBox({ title: `Hand "${record.label}" to the agent`, prompt: `What should it do from here? (optional)${notesGoAlong(this.control.notes(record.id).length)}`, placeHolder: 'e.g. finish the checkout with the saved card' });
    if (!fromCode && instruction === undefined) {
      return false;
    }
    await this.control.handToAgent(record.id, instruction);
    if (!fromCode) {
      void sayWhatHappensNext(record.label, this.mcpClients());
    }
    return true;
  }

  async takeBack(sessionId: string): Promise<void> {
    await this.control.takeBack(sessionId);
  }
}

/**
 * The Hand to Agent / Take Back commands (palette, tree, code), the status bar item that says who holds
 * the focused session, and the notice when the agent hands a session back with a message.
 */
export function registerHandoff(manager: SessionManager, control: AgentControl, handoff: Handoff, focus: FocusedTile): vscode.Disposable[] {
  const pick = (arg: HandoffArg, holder: SessionRecord['controller'], placeHolder: string) =>
    pickSession(manager, arg, (record) => isLive(record) && record.controller === holder, placeHolder);

  const status = vscode.window.createStatusBarItem('browserCanvas.controller', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Browser Canvas: who holds the session';
  const showStatus = () => {
    const record = manager.get(focus.sessionId() ?? '');
    if (!record) {
      status.hide();
      return;
    }
    const agent = record.controller === 'agent';
    status.text = agent ? `$(hubot) ${record.label}: agent` : `$(account) ${record.label}: you`;
    status.tooltip = agent ? 'The agent holds this session. Click to take it back.' : 'You hold this session. Click to hand it to the agent.';
    status.command = { command: agent ? 'browserCanvas.takeBack' : 'browserCanvas.handToAgent', title: status.tooltip, arguments: [record.id] };
    status.backgroundColor = agent ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.show();
  };
  showStatus();

  return [
    status,
    manager.onDidChange(showStatus),
    focus.onDidChange(showStatus),
    vscode.commands.registerCommand('browserCanvas.handToAgent', async (arg?: HandoffArg) => {
      const record = await pick(arg, 'developer', 'Hand which session to the agent?');
      const fromCode = typeof arg === 'object' && !(arg instanceof SessionItem) ? arg : undefined;
      return record && (await handoff.handToAgent(record.id, fromCode)) ? record.id : undefined;
    }),
    vscode.commands.registerCommand('browserCanvas.takeBack', async (arg?: HandoffArg) => {
      const record = await pick(arg, 'agent', 'Take back which session?');
      if (record) {
        await handoff.takeBack(record.id);
      }
      return record?.id;
    }),
    control.onDidHandBack(async ({ sessionId, message }) => {
      const label = manager.get(sessionId)?.label ?? sessionId;
      const choice = await vscode.window.showInformationMessage(`The agent handed "${label}" back to you${message ? `: ${message}` : '.'}`, 'Show Canvas');
      if (choice === 'Show Canvas') {
        await vscode.commands.executeCommand('browserCanvas.openCanvas');
      }
    }),
  ];
}

/** The elements the developer pointed at go with the handoff (Point at an Element for the Agent). */
function notesGoAlong(count: number): string {
  return count === 0 ? '' : ` Your ${count === 1 ? 'note on an element goes' : `${count} notes on elements go`} along.`;
}

/**
 * After a handoff, the developer is told which agent can act now and how to start it: a connected MCP
 * agent, `@browser` in chat where a language model exists, or else how to connect one. Without this a
 * handoff in an editor with no agent looks like nothing happened.
 */
async function sayWhatHappensNext(label: string, mcpClients: readonly string[]): Promise<void> {
  const models = await Promise.resolve(vscode.lm.selectChatModels()).catch(() => []);
  const reachable = [
    ...(mcpClients.length ? [`${mcpClients.join(', ')} (connected over MCP) can act on it now: ask it to continue`] : []),
    ...(models.length ? ['ask @browser in chat to continue'] : []),
  ];
  if (reachable.length) {
    const choice = await vscode.window.showInformationMessage(`"${label}" is with the agent: ${reachable.join('; or ')}.`, ...(models.length ? ['Open Chat'] : []));
    if (choice === 'Open Chat') {
      await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@browser ' });
    }
    return;
  }
  const choice = await vscode.window.showInformationMessage(
    `"${label}" is with the agent, but no agent is connected to this editor yet. Connect Claude Code, Codex, Cursor or another MCP agent, then ask it to continue; Take Back returns the session to you.`,
    'Connect an Agent…',
  );
  if (choice === 'Connect an Agent…') {
    await vscode.commands.executeCommand('browserCanvas.connectAgent');
  }
}
