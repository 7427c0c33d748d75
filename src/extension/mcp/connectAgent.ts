import * as vscode from 'vscode';
import { MCP_SERVER_NAME } from '../../cdp';
import { copyWithNotice } from './clipboard';
import { codexSnippet, commandLine, ConfigMergeError, JSON_CONFIG_CLIENTS, JsonConfigClient, mcpCommand, McpCommand, mergeJsonConfig } from './clientConfigs';
import { connectTheiaAi, hasTheiaAi } from './theiaAi';
import { quickPick } from '../prompts';

type Choice = vscode.QuickPickItem & { readonly client: JsonConfigClient | 'codex' | 'theia' | 'other' };

/**
 * Browser Canvas: Connect an Agent…: writes the chosen client's project config (the server is
 * `node dist/mcp.js --storage <dir>`; never a token), or copies what to paste where we do not edit.
 */
export async function connectAgent(context: vscode.ExtensionContext): Promise<void> {
  const command = mcpCommand(context.asAbsolutePath('dist/mcp.js'), context.globalStorageUri.fsPath);
  const theia: Choice = { client: 'theia', label: 'Theia AI', description: 'adds it to the ai-features.mcp.mcpServers user setting' };
  // In Theia, its own AI is the agent the developer most likely means.
  const inTheia = hasTheiaAi();
  const choices: Choice[] = [
    ...(inTheia ? [{ ...theia, detail: 'Running in Theia: its chat agents get the tools through this server.' }] : []),
    ...Object.entries(JSON_CONFIG_CLIENTS).map(([client, { label, file }]) => ({
      client: client as JsonConfigClient,
      label,
      description: `adds it to ${file} in this folder`,
      // The editor's own chat has these tools already: as MCP too, its agent would see each twice.
      detail: client === 'vscode' ? "For another editor's agent on this folder: this editor's chat has the tools already." : undefined,
    })),
    { client: 'codex', label: 'Codex', description: 'copies a table for ~/.codex/config.toml' },
    ...(inTheia ? [] : [theia]),
    { client: 'other', label: 'Another MCP client', description: 'copies the command that starts the server (stdio)' },
  ];
  const choice = await quickPick(choices, { title: 'Connect an Agent to Browser Canvas', placeHolder: 'Which agent should drive the sessions on the canvas?' });
  if (!choice) {
    return;
  }
  if (choice.client === 'codex') {
    return copyWithNotice(codexSnippet(command), 'Copied the Codex table: paste it into ~/.codex/config.toml, then restart Codex.');
  }
  if (choice.client === 'other') {
    return copyWithNotice(commandLine(command), 'Copied the command: give it to your MCP client as a stdio server.');
  }
  if (choice.client === 'theia') {
    return connectTheiaAi(command);
  }
  await writeProjectConfig(choice.client, command);
}

async function writeProjectConfig(client: JsonConfigClient, command: McpCommand): Promise<void> {
  const { label, file } = JSON_CONFIG_CLIENTS[client];
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    return copyWithNotice(mergeJsonConfig(client, undefined, command), `Open a folder to add Browser Canvas to its ${file}. Copied the config to paste there instead.`);
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
      return copyWithNotice(JSON.stringify({ [JSON_CONFIG_CLIENTS[client].key]: { [MCP_SERVER_NAME]: JSON_CONFIG_CLIENTS[client].entry(command) } }, null, 2), `${error.message} Copied our entry to add by hand.`);
    }
    throw error;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(uri, { preview: false });
  void vscode.window.showInformationMessage(`Added Browser Canvas to ${file}: ${label} starts it in this folder (restart it, and approve the server if it asks).`);
}
