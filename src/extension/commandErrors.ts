import * as vscode from 'vscode';
import { BrowserCanvasError, errorMessage } from '../cdp';

/** Shows an error that says what happened and offers the way to fix it. */
async function showError(error: unknown, channel: vscode.LogOutputChannel): Promise<void> {
  const actions: string[] = ['Show Logs'];
  const code = error instanceof BrowserCanvasError ? error.code : undefined;
  if (code === 'BROWSER_NOT_FOUND' || code === 'REMOTE_ENDPOINT_REFUSED') {
    actions.unshift('Open Settings');
  }
  const choice = await vscode.window.showErrorMessage(`Browser Canvas: ${errorMessage(error)}`, ...actions);
  if (choice === 'Open Settings') {
    const setting = code === 'BROWSER_NOT_FOUND' ? 'browserCanvas.browserPath' : 'browserCanvas.allowRemoteEndpoints';
    await vscode.commands.executeCommand('workbench.action.openSettings', setting);
  } else if (choice === 'Show Logs') {
    channel.show();
  }
}

/**
 * Registers `browserCanvas.<name>`s whose failures become an actionable notification (and still
 * reject, for callers from code).
 */
export function commandRegistrar(channel: vscode.LogOutputChannel) {
  return <A extends unknown[], R>(name: string, body: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(`browserCanvas.${name}`, async (...args: A) => {
      try {
        // Theia runs a `command:` link that has no arguments (a welcome button) with one empty string.
        return await body(...((args.length === 1 && args[0] === '' ? [] : args) as A));
      } catch (error) {
        void showError(error, channel);
        throw error;
      }
    });
}
