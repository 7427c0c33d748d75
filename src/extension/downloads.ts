import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, SessionManager } from '../cdp';

/**
 * A page's download is kept in its session's folder until the developer says where it goes: the
 * editor's save dialog, proposed in the workspace under the name the site suggested. Cancelling
 * discards it.
 */
export function saveDownloads(manager: SessionManager, channel: vscode.LogOutputChannel): vscode.Disposable {
  const listener = manager.onDidDownload(async (download) => {
    try {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(path.dirname(download.path));
      const target = await vscode.window.showSaveDialog({
        title: `Save ${download.suggestedFilename}, downloaded by session ${manager.get(download.sessionId)?.label ?? download.sessionId}`,
        defaultUri: vscode.Uri.joinPath(folder, path.basename(download.suggestedFilename)),
      });
      if (target) {
        await fs.copyFile(download.path, target.fsPath); // a rename would fail across file systems
        channel.info(`Saved ${download.suggestedFilename} from session ${download.sessionId} to ${target.fsPath}.`);
      }
    } catch (error) {
      void vscode.window.showErrorMessage(`Browser Canvas: could not save ${download.suggestedFilename}: ${errorMessage(error)}`);
    } finally {
      await fs.rm(download.path, { force: true });
    }
  });
  return { dispose: () => listener.dispose() };
}
