import * as vscode from 'vscode';
import { errorMessage, isLive, originAt, PLACEHOLDER_NAME, RecordedValue, recordedValues, Recordings, SessionManager, UserFlow, withPlaceholders } from '../cdp';
import type { FlowSecrets } from './flows/flowSecrets';
import type { FlowsTreeProvider } from './flows/flowsTree';
import type { FlowVariableValues } from './flows/flowVariableValues';
import { pickSession } from './sessionPick';
import { SessionItem } from './sessionsTree';
import type { FocusedTile } from './canvas/focusedTile';
import { inputBox, quickPick, quickPickMany } from './prompts';

/** A typed value to leave out of the flow, named by its value (from code: tests, other extensions). */
interface PlaceholderChoice {
  readonly value: string;
  readonly name: string;
  readonly secret?: boolean;
}

/** A command's session: a tree row, an id or { sessionId, ... } from code, or nothing (the focused tile's, else we ask). */
type RecordingArg = SessionItem | string | ({ readonly sessionId: string; readonly pageId?: string } & StopArgs) | undefined;

/** How Stop Recording (and Save Timeline as Flow) is told its answers from code (tests, other extensions) instead of asking. */
export interface StopArgs {
  readonly title?: string;
  readonly open?: boolean;
  readonly placeholders?: readonly PlaceholderChoice[];
}

/**
 * Record / Stop Recording of a session already known: a recording of one page, saved as a Chrome
 * DevTools Recorder flow in the flows folder, opened for a look unless asked not to. Before saving,
 * typed values may become {{variables}} (whose recorded value a replay offers) or {{secret:NAME}}s
 * (whose recorded value goes to the secret storage). A tile's record button calls these directly.
 */
export class RecordingActions {
  constructor(
    private readonly manager: SessionManager,
    private readonly recordings: Recordings,
    private readonly flows: FlowsTreeProvider,
    private readonly secrets: FlowSecrets,
    private readonly variableValues: FlowVariableValues,
  ) {}

  start(sessionId: string, pageId?: string): Promise<void> {
    return this.recordings.start(sessionId, pageId);
  }

  /** Asks for a title and which values to leave out (Escape anywhere: the recording goes on), then saves; the flow's file. */
  async stop(sessionId: string, fromCode?: StopArgs): Promise<string | undefined> {
    const { manager, recordings } = this;
    const title = fromCode?.title ?? (await inputBox({ title: 'Save the recorded flow', prompt: 'A name for the flow', value: manager.get(sessionId)?.label }));
    if (!title?.trim()) {
      return undefined; // Escape: the recording goes on
    }
    // Asked while the recording goes on: Escape at any question goes back to recording, nothing lost.
    const choices = await this.placeholderChoices(await recordings.flow(sessionId, title.trim()), fromCode);
    if (!choices) {
      return undefined;
    }
    const recorded = await recordings.stop(sessionId, title.trim()); // the same steps, and any made meanwhile
    return this.save(recorded, choices, fromCode?.open);
  }

  /** Which typed values of `flow` leave it, and as what: given from code, else asked; undefined when the developer backs out. */
  async placeholderChoices(flow: UserFlow, fromCode?: StopArgs): Promise<PlaceholderChosen[] | undefined> {
    return fromCode?.placeholders ? byValue(flow, fromCode.placeholders) : askPlaceholders(recordedValues(flow));
  }

  /**
   * Saves a flow in the flows folder with the chosen values left out (a secret's value into the secret
   * storage, for the site it was typed into), remembers the variables' values for the next replay and
   * opens the file unless `open` is false; the flow's file.
   */
  async save(flow: UserFlow, choices: readonly PlaceholderChosen[], open?: boolean): Promise<string> {
    const { flows } = this;
    for (const choice of choices.filter((chosen) => chosen.secret)) {
      // Kept for the site it was typed into; one typed into an iframe is asked for at the first replay.
      const origin = originAt(flow, choice.step);
      if (origin) {
        await this.secrets.set({ origin, name: choice.name }, choice.value);
      }
    }
    const saved = withPlaceholders(flow, choices);
    const file = await flows.library.save(saved).catch(async (error: unknown) => {
      // The steps exist nowhere else (a recording has stopped): never lose them. They open unsaved, for the developer to save.
      const unsaved = await vscode.workspace.openTextDocument({ language: 'json', content: `${JSON.stringify(saved, null, 2)}\n` });
      await vscode.window.showTextDocument(unsaved, { preview: false });
      throw new Error(`The flow could not be saved in ${flows.library.folder} (${errorMessage(error)}); it is open unsaved instead.`);
    });
    flows.refresh();
    await this.variableValues.remember(saved.title, Object.fromEntries(choices.filter((chosen) => !chosen.secret).map((chosen) => [chosen.name, chosen.value])));
    if (open !== false) {
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    }
    return file;
  }
}

/** The Record / Stop Recording commands (palette, tree, code) and the status bar item while recording. */
export function registerRecording(manager: SessionManager, recordings: Recordings, actions: RecordingActions, focus: FocusedTile): vscode.Disposable[] {
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
        preferred: focus.sessionId(),
        takeOnlyCandidate: true,
      })
    )?.id;
  const fromCode = (arg: RecordingArg) => (typeof arg === 'object' && !(arg instanceof SessionItem) ? arg : undefined);

  return [
    status,
    recordings.onDidChange(showStatus),
    vscode.commands.registerCommand('browserCanvas.startRecording', async (arg?: RecordingArg) => {
      const sessionId = await sessionOf(arg, false);
      if (sessionId) {
        const code = fromCode(arg);
        await actions.start(sessionId, code ? code.pageId : focus.sessionId() === sessionId ? focus.page()?.targetId : undefined);
      }
      return sessionId;
    }),
    vscode.commands.registerCommand('browserCanvas.stopRecording', async (arg?: RecordingArg) => {
      const sessionId = await sessionOf(arg, true);
      return sessionId && actions.stop(sessionId, fromCode(arg));
    }),
  ];
}

/** A typed value chosen to leave a flow, as a variable or a secret. */
export type PlaceholderChosen = RecordedValue & { readonly name: string; readonly secret: boolean };

function byValue(flow: UserFlow, wanted: readonly PlaceholderChoice[]): PlaceholderChosen[] {
  return recordedValues(flow).flatMap((value) => {
    const choice = wanted.find((candidate) => candidate.value === value.value);
    return choice ? [{ ...value, name: choice.name, secret: !!choice.secret }] : [];
  });
}

/** Which typed values to leave out of the flow, and as what; undefined when the developer backs out (Escape). */
async function askPlaceholders(values: readonly RecordedValue[]): Promise<PlaceholderChosen[] | undefined> {
  if (!values.length) {
    return [];
  }
  // Each choice explained on a line of its own: a multi-select's placeholder sits behind its "0 Selected".
  // Only Escape means "keep recording" (the pickers stay open when focus moves: see prompts.ts).
  const title = 'Leave typed values out of the flow?';
  const how = await quickPick(
    [
      { label: 'Save as Typed', detail: `The flow keeps ${values.length === 1 ? 'the value' : `all ${values.length} values`} as typed.`, leaveOut: false },
      { label: 'Leave Values Out…', detail: 'Each value you pick becomes a {{variable}} or a secret.', leaveOut: true },
    ],
    { title, placeHolder: 'Escape: back to recording' },
  );
  const picked = how?.leaveOut
    ? await quickPickMany(
        values.map((value) => ({ label: value.value, description: value.action, value })),
        { title, placeHolder: 'Pick values to leave out' },
      )
    : how && [];
  if (!picked) {
    return undefined;
  }
  const chosen: PlaceholderChosen[] = [];
  for (const { value } of picked) {
    const kind = await quickPick(
      [
        { label: 'Variable', detail: 'Asked for at each replay (the last value offered).', secret: false },
        { label: 'Secret', detail: "Kept in the editor's secret storage; never in the flow file or a log.", secret: true },
      ],
      { title: `"${value.value}" ${value.action}` },
    );
    const name =
      kind &&
      (await inputBox({
        title: `A name for the ${kind.secret ? 'secret' : 'variable'} in ${value.field}`,
        value: value.suggestedName,
        validateInput: (typed) => (PLACEHOLDER_NAME.test(typed) ? undefined : 'Letters, digits, _ . or -'),
      }));
    if (!kind || !name) {
      return undefined; // a value picked to hide is never saved as typed
    }
    chosen.push({ ...value, name, secret: kind.secret });
  }
  return chosen;
}
