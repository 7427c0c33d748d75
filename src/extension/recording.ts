import * as vscode from 'vscode';
import { PLACEHOLDER_NAME, RecordedValue, recordedValues, Recordings, SessionManager, UserFlow, withPlaceholders } from '../cdp';
import type { FlowSecrets } from './flows/flowSecrets';
import type { FlowsTreeProvider } from './flows/flowsTree';
import { isLive, pickSession } from './sessionPick';
import { SessionItem } from './sessionsTree';

/** A typed value to leave out of the flow, named by its value (from code: tests, other extensions). */
interface PlaceholderChoice {
  readonly value: string;
  readonly name: string;
  readonly secret?: boolean;
}

/** A command's session: a tree row, an id or { sessionId, ... } from code, or nothing (the focused tile's, else we ask). */
type RecordingArg =
  | SessionItem
  | string
  | { readonly sessionId: string; readonly pageId?: string; readonly title?: string; readonly open?: boolean; readonly placeholders?: readonly PlaceholderChoice[] }
  | undefined;

/**
 * Record / Stop Recording: a recording of one page of a session, saved as a Chrome DevTools Recorder
 * flow in the flows folder, opened for a look unless asked not to. Before saving, typed values may
 * become {{variables}} or {{secret:NAME}}s (whose recorded value goes to the secret storage).
 */
export function registerRecording(
  manager: SessionManager,
  recordings: Recordings,
  flows: FlowsTreeProvider,
  secrets: FlowSecrets,
  focused: () => { sessionId: string; targetId: string } | undefined,
): vscode.Disposable[] {
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
      const recorded = await recordings.stop(sessionId, title.trim());
      const choices = fromCode?.placeholders ? byValue(recorded, fromCode.placeholders) : await askPlaceholders(recordedValues(recorded));
      for (const choice of choices.filter((chosen) => chosen.secret)) {
        await secrets.set(choice.name, choice.value);
      }
      const file = await flows.library.save(withPlaceholders(recorded, choices));
      flows.refresh();
      if (fromCode?.open !== false) {
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
      }
      return file;
    }),
  ];
}

type Chosen = RecordedValue & { readonly name: string; readonly secret: boolean };

function byValue(flow: UserFlow, wanted: readonly PlaceholderChoice[]): Chosen[] {
  return recordedValues(flow).flatMap((value) => {
    const choice = wanted.find((candidate) => candidate.value === value.value);
    return choice ? [{ ...value, name: choice.name, secret: !!choice.secret }] : [];
  });
}

/** Which typed values to leave out of the flow, and as what; Escape anywhere keeps them as typed. */
async function askPlaceholders(values: readonly RecordedValue[]): Promise<Chosen[]> {
  if (!values.length) {
    return [];
  }
  const picked =
    (await vscode.window.showQuickPick(
      values.map((value) => ({ label: value.value, description: `typed into ${value.field}`, value })),
      { canPickMany: true, title: 'Leave typed values out of the flow?', placeHolder: 'Picked values become {{variables}} or secrets, asked for at replay. None: save as typed.' },
    )) ?? [];
  const chosen: Chosen[] = [];
  for (const { value } of picked) {
    const kind = await vscode.window.showQuickPick(
      [
        { label: 'Variable', detail: 'Asked for at each replay (the last value offered).', secret: false },
        { label: 'Secret', detail: "Kept in the editor's secret storage; never in the flow file or a log.", secret: true },
      ],
      { title: `"${value.value}" in ${value.field}` },
    );
    const name =
      kind &&
      (await vscode.window.showInputBox({
        title: `A name for the ${kind.secret ? 'secret' : 'variable'} in ${value.field}`,
        value: value.suggestedName,
        validateInput: (typed) => (PLACEHOLDER_NAME.test(typed) ? undefined : 'Letters, digits, _ . or -'),
      }));
    if (kind && name) {
      chosen.push({ ...value, name, secret: kind.secret });
    }
  }
  return chosen;
}
