import * as vscode from 'vscode';
import { MCP_SERVER_NAME } from '../../cdp';
import { codexSnippet, commandLine, ConfigMergeError, JSON_CONFIG_CLIENTS, JsonConfigClient, mcpCommand, McpCommand, mergeJsonConfig } from './clientConfigs';

type Choice = vscode.QuickPickItem & { readonly client: JsonConfigClient | 'codex' | 'theia' | 'other' };

/**
 * Browser Canvas: Connect an Agent…: writes the chosen client's project config (the server is
 * `node dist/mcp.js --storage <dir>`; never a token), or copies what to paste where we do not edit.
 */
export async function connectAgent(context: vscode.ExtensionContext): Promise<void> {
  const command = mcpCommand(context.asAbsolutePath('dist/mcp.js'), context.globalStorageUri.fsPath);
  const choices: Choice[] = [
    ...Object.entries(JSON_CONFIG_CLIENTS).map(([client, { label, file }]) => ({
      client: client as JsonConfigClient,
      label,
      description: `adds it to ${file} in this folder`,
      // The editor's own chat has these tools already: as MCP too, its agent would see each twice.
      detail: client === 'vscode' ? "For another editor's agent on this folder: this editor's chat has the tools already." : undefined,
    })),
    { client: 'codex', label: 'Codex', description: 'copies a table for ~/.codex/config.toml' },
    { client: 'theia', label: 'Theia AI', description: 'adds it to the ai-features.mcp.mcpServers setting' },
    { client: 'other', label: 'Another MCP client', description: 'copies the command that starts the server (stdio)' },
  ];
  const choice = await vscode.window.showQuickPick(choices, { title: 'Connect an Agent to Browser Canvas', placeHolder: 'Which agent should drive the sessions on the canvas?' });
  if (!choice) {
    return;
  }
  if (choice.client === 'codex') {
    return copy(codexSnippet(command), 'Copied the Codex table: paste it into ~/.codex/config.toml, then restart Codex.');
  }
  if (choice.client === 'other') {
    return copy(commandLine(command), 'Copied the command: give it to your MCP client as a stdio server.');
  }
  if (choice.client === 'theia') {
    return connectTheia(command);
  }
  await writeProjectConfig(choice.client, command);
}

async function writeProjectConfig(client: JsonConfigClient, command: McpCommand): Promise<void> {
  const { label, file } = JSON_CONFIG_CLIENTS[client];
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    return copy(mergeJsonConfig(client, undefined, command), `Open a folder to add Browser Canvas to its ${file}. Copied the config to paste there instead.`);
  }
  const uri = vscode.Uri.joinPath(folder.uri, file);
  const existing = await vscode.workspace.fs.readFile(uri).then(
    (bytes) => new TextDecoder().decode(bytes),
    () => undefined,
  );
  let text: string;
  try {
    text = mergeJsonConfig(client, existing, command);
  } catch (error) {
    if (error instanceof ConfigMergeError) {
      return copy(JSON.stringify({ [JSON_CONFIG_CLIENTS[client].key]: { [MCP_SERVER_NAME]: JSON_CONFIG_CLIENTS[client].entry(command) } }, null, 2), `${error.message} Copied our entry to add by hand.`);
    }
    throw error;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(uri, { preview: false });
  void vscode.window.showInformationMessage(`Added Browser Canvas to ${file}: ${label} starts it in this folder (restart it, and approve the server if it asks).`);
}

async function connectTheia(command: McpCommand): Promise<void> {
  const setting = 'ai-features.mcp.mcpServers';
  const servers = vscode.workspace.getConfiguration().get<Record<string, unknown>>(setting) ?? {};
  const entry = { command: command.command, args: command.args, autostart: true };
  try {
    await vscode.workspace.getConfiguration().update(setting, { ...servers, [MCP_SERVER_NAME]: entry }, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(`Added Browser Canvas to ${setting}: start it from Theia AI's MCP view if it does not start itself.`);
  } catch {
    // Not Theia (the setting is unknown here): the same entry, to paste.
    await copy(JSON.stringify({ [setting]: { [MCP_SERVER_NAME]: entry } }, null, 2), `This editor has no ${setting} setting. Copied the entry for Theia's settings.json.`);
  }
}

async function copy(text: string, message: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(message);
}
