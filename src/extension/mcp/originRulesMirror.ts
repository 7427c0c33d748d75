import * as vscode from 'vscode';
import { errorMessage, saveOriginRules } from '../../cdp';
import { agentOrigins } from '../settings';

/**
 * Keeps a copy of the agent's origin rules in the extension's storage, for `dist/mcp.js` when it
 * serves without an editor: the rules hold at every door, editor running or not.
 */
export function mirrorOriginRules(storageDir: string, channel: vscode.LogOutputChannel): vscode.Disposable {
  const save = () => saveOriginRules(storageDir, agentOrigins()).catch((error: unknown) => channel.warn(`Could not save the origin rules for the MCP server: ${errorMessage(error)}`));
  void save();
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('browserCanvas.agent.allowedOrigins') || event.affectsConfiguration('browserCanvas.agent.deniedOrigins')) {
      void save();
    }
  });
}
