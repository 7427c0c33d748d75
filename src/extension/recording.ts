import * as vscode from 'vscode';
import { BrowserCanvasError, Recordings, SessionManager } from '../cdp';
import { isLive, pickSession } from './sessionPick';
import { SessionItem } from './sessionsTree';

/** A command's session: a tree row, an id or { sessionId, ... } from code, or nothing (the focused tile's, else we ask). */
type RecordingArg = SessionItem | string | { readonly sessionId: string; readonly pageId?: string; readonly title?: string; readonly open?: boolean } | undefined;

/**
 * Record / Stop Recording: a recording of one page of a session, saved as a Chrome DevTools Recorder
 * flow in the workspace (browserCanvas.flowsFolder), opened for a look unless asked not to.
 */
export function registerRecording(manager: SessionManager, recordings: Recordings, focused: () => { sessionId: string; targetId: string } | undefined): vscode.Disposable[] {
  const status = vscode.window.createStatusBarItem('browserCanvas.recording', vscode.StatusBarAlignment.Left, 49);
  status.name = 'Browser Canvas: recording';
  const showStatus = () => {
    const recorded = manager.list().filter((record) => recordings.isRecording(record.id));
    status.text = `$(record) Recording ${recorded.map((record) => record.label).join(', ')}`;
    status.tooltip = 'Stop recording and save the flow';
    status.command = 'browserCanvas.stopRecording';
    status.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    if (recorded.length) {
      status.show();
    } else {
      status.hide();
    }
  };

  const sessionOf = async (arg: RecordingArg, recording: boolean) =>
    (
      await pickSession(manager, arg, (record) => isLive(record) && recordings.isRecording(record.id) === recording, recording ? 'Stop recording which session?' : 'Record which session?', {
        preferred: focused()?.sessionId,
        takeOnlyCandidate: true,
      })
    )?.id;

  return [
    status,
    recordings.onDidChange(showStatus),
    vscode.commands.registerCommand('browserCanvas.startRecording', async (arg?: RecordingArg) => {
      const sessionId = await sessionOf(arg, false);
      if (sessionId) {
        const pageId = typeof arg === 'object' && !(arg instanceof SessionItem) ? arg.pageId : focused()?.sessionId === sessionId ? focused()?.targetId : undefined;
        await recordings.start(sessionId, pageId);
      }
      return sessionId;
    }),
    vscode.commands.registerCommand('browserCanvas.stopRecording', async (arg?: RecordingArg) => {
      const sessionId = await sessionOf(arg, true);
      if (!sessionId) {
        return undefined;
      }
      const fromCode = typeof arg === 'object' && !(arg instanceof SessionItem) ? arg : undefined;
      const title = fromCode?.title ?? (await vscode.window.showInputBox({ title: 'Save the recorded flow', prompt: 'A name for the flow', value: manager.get(sessionId)?.label }));
      if (!title?.trim()) {
        return undefined; // Escape: the recording goes on
      }
      const flow = await recordings.stop(sessionId, title.trim());
      const file = await saveFlow(title.trim(), `${JSON.stringify(flow, null, 2)}\n`);
      if (fromCode?.open !== false) {
        await vscode.window.showTextDocument(file, { preview: false });
      }
      return file.fsPath;
    }),
  ];
}

/** Writes the flow into the flows folder of the first workspace folder, never over another flow. */
async function saveFlow(title: string, text: string): Promise<vscode.Uri> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!workspace) {
    const chosen = await vscode.window.showSaveDialog({ filters: { 'Recorder flow': ['json'] }, saveLabel: 'Save Flow' });
    if (!chosen) {
      throw new BrowserCanvasError('INVALID_ARGUMENT', 'The flow was not saved: no folder is open and no file was chosen.', 'Open a folder, or choose where to save.');
    }
    await vscode.workspace.fs.writeFile(chosen, Buffer.from(text));
    return chosen;
  }
  const folder = vscode.Uri.joinPath(workspace, vscode.workspace.getConfiguration('browserCanvas').get<string>('flowsFolder') || '.browser-canvas/flows');
  await vscode.workspace.fs.createDirectory(folder);
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'flow';
  for (let attempt = 1; ; attempt++) {
    const file = vscode.Uri.joinPath(folder, `${base}${attempt > 1 ? `-${attempt}` : ''}.json`);
    const exists = await vscode.workspace.fs.stat(file).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await vscode.workspace.fs.writeFile(file, Buffer.from(text));
      return file;
    }
  }
}
