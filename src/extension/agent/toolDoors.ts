import * as vscode from 'vscode';
import { theiaAiRunsOurServer, THEIA_MCP_SERVERS } from '../mcp/theiaAi';

/**
 * Our tools reach an editor's AI through one door, never two (one agent must not see each tool
 * twice): as language model tools where the editor has `vscode.lm.registerTool`, unless the
 * developer has set the editor's own AI to run our MCP server (Theia AI's MCP servers setting), in
 * which case they go away and come back as that setting changes. MCP wins there: Theia's bridge for
 * language model tools skips `prepareInvocation` (our confirmation of side effects) and names no
 * client on the tile, while the MCP door does both.
 */
export function registerToolsOnce(register: () => vscode.Disposable[], channel: vscode.LogOutputChannel): vscode.Disposable {
  if (typeof vscode.lm?.registerTool !== 'function') {
    channel.info('This editor has no vscode.lm.registerTool: its AI reaches Browser Canvas through the MCP server only (Connect an Agent…).');
    return new vscode.Disposable(() => undefined);
  }
  let registered: vscode.Disposable[] | undefined;
  const withdraw = () => {
    registered?.forEach((disposable) => disposable.dispose());
    registered = undefined;
  };
  const update = () => {
    if (theiaAiRunsOurServer()) {
      if (registered) {
        channel.info(`Theia AI runs the Browser Canvas MCP server (${THEIA_MCP_SERVERS}): the language model tools are withdrawn so its agents see each tool once.`);
      }
      withdraw();
    } else {
      registered ??= register();
    }
  };
  update();
  const listener = vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(THEIA_MCP_SERVERS) && update());
  return new vscode.Disposable(() => {
    listener.dispose();
    withdraw();
  });
}
