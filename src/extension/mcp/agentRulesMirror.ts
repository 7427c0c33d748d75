import * as vscode from 'vscode';
import { errorMessage, saveAgentRules } from '../../cdp';
import { agentConfirmsActions, agentOrigins, agentUploadFolders } from '../settings';

const MIRRORED = ['browserCanvas.agent.allowedOrigins', 'browserCanvas.agent.deniedOrigins', 'browserCanvas.agent.allowFileUrls', 'browserCanvas.agent.confirmActions', 'browserCanvas.agent.uploadFolders'];

/**
 * Keeps a copy of the agent's rules in the extension's storage, for `dist/mcp.js` when it serves
 * without an editor: the rules hold at every door, editor running or not.
 */
export function mirrorAgentRules(storageDir: string, channel: vscode.LogOutputChannel): vscode.Disposable {
  const save = () =>
    saveAgentRules(storageDir, { origins: agentOrigins(), confirmActions: agentConfirmsActions(), uploadFolders: agentUploadFolders() }).catch((error: unknown) =>
      channel.warn(`Could not save the agent's rules for the MCP server: ${errorMessage(error)}`),
    );
  void save();
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (MIRRORED.some((setting) => event.affectsConfiguration(setting))) {
        void save();
      }
    }),
    // The upload folders default to the workspace folders.
    vscode.workspace.onDidChangeWorkspaceFolders(() => void save()),
  );
}
