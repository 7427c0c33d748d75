import * as vscode from 'vscode';
import { MCP_SERVER_NAME } from '../../cdp';
import { McpCommand } from './clientConfigs';
import { copyWithNotice } from './clipboard';

// Theia AI takes MCP servers from its `ai-features.mcp.mcpServers` user setting, which Theia's
// plugin host lets an extension read and write like any other setting.

export const THEIA_MCP_SERVERS = 'ai-features.mcp.mcpServers';

/**
 * Whether this editor is a Theia with Theia AI: its chat's tool confirmation setting has a default
 * there, and is unknown to every other editor. (Theia 1.74 hands plugins the defaults of Theia AI's
 * chat settings but not those of its MCP settings, so those cannot tell.)
 */
export function hasTheiaAi(): boolean {
  return vscode.workspace.getConfiguration().get('ai-features.chat.defaultToolConfirmation') !== undefined;
}

/** Whether Theia AI is set to start our MCP server (so its agents have our tools that way). */
export function theiaAiRunsOurServer(): boolean {
  const servers = vscode.workspace.getConfiguration().get<Record<string, unknown>>(THEIA_MCP_SERVERS);
  return isObject(servers?.[MCP_SERVER_NAME]);
}

/**
 * Adds our server to Theia AI's MCP servers in the user's settings once the developer agrees (Theia
 * AI starts it then, with `autostart`), or copies the entry for a Theia elsewhere. The entry is only
 * the command: the server finds the editor's token in its 0600 endpoint file.
 */
export async function connectTheiaAi(command: McpCommand): Promise<void> {
  const entry = { command: command.command, args: command.args, autostart: true };
  const snippet = JSON.stringify({ [THEIA_MCP_SERVERS]: { [MCP_SERVER_NAME]: entry } }, null, 2);
  if (!hasTheiaAi()) {
    return copyWithNotice(snippet, `This editor is not a Theia with Theia AI. Copied the entry for ${THEIA_MCP_SERVERS} in your Theia's settings.json.`);
  }
  const add = 'Add to User Settings';
  const choice = await vscode.window.showInformationMessage(
    `Add Browser Canvas to Theia AI's MCP servers? Your user settings get "${MCP_SERVER_NAME}": ${command.command} ${command.args.join(' ')} (the command only, no token), and Theia AI starts it.`,
    { modal: true },
    add,
    'Copy Instead',
  );
  if (choice === 'Copy Instead') {
    return copyWithNotice(snippet, `Copied the entry for ${THEIA_MCP_SERVERS} in settings.json.`);
  }
  if (choice !== add) {
    return;
  }
  const servers = vscode.workspace.getConfiguration().get<Record<string, unknown>>(THEIA_MCP_SERVERS) ?? {};
  await vscode.workspace.getConfiguration().update(THEIA_MCP_SERVERS, { ...servers, [MCP_SERVER_NAME]: entry }, vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(
    `Browser Canvas is one of Theia AI's MCP servers now. Give an agent its tools with {{prompt:mcp_${MCP_SERVER_NAME}_tools}} in its prompt, or ~mcp_${MCP_SERVER_NAME}_<tool> in a chat message.`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
