import * as os from 'node:os';
import * as vscode from 'vscode';
import { FeedbackMode, puppeteerScript, SessionManager, timelineFlow, TimelineRange, Timelines, UserFlow } from '../../cdp';
import { commandRegistrar } from '../commandErrors';
import type { FocusedTile } from '../canvas/focusedTile';
import type { RecordingActions, StopArgs } from '../recording';
import { pickSession } from '../sessionPick';
import { SessionItem } from '../sessionsTree';
import { LAST_ENTRY, pickEntry } from '../timelinePick';
import type { FlowReplays } from './replayCommand';
import { inputBox } from '../prompts';

/** A range from code (the canvas's strip, tests, other extensions): no `fromSeq`, it is asked for; no `toSeq`, to the last entry. */
interface RangeArgs extends TimelineRange {
  readonly sessionId: string;
}

/** Save Timeline as Flow from code: Stop Recording's answers (title, values to leave out, open). */
type SaveArgs = RangeArgs & StopArgs;
/** Replay from Here from code: `into` a session id or 'new' (default: asked, the timeline's session first). */
type ReplayArgs = RangeArgs & { readonly into?: string; readonly variables?: Readonly<Record<string, string>>; readonly feedback?: FeedbackMode };
/** Export from code: `to` is the script's path. */
type ExportArgs = RangeArgs & { readonly to?: string };

type Arg<T> = SessionItem | string | T | undefined;

/**
 * Save Timeline as Flow…, Replay from Here and Export Timeline Range as Puppeteer Script…: a range of
 * a session's timeline (whoever acted: developer or agent) as a Recorder flow (timelineFlow.ts), then
 * what Save Flow, Replay Flow and Export Flow do with one. Each takes `{ sessionId, fromSeq, toSeq }`
 * from code and asks for what is left out: the session, the first entry, the last.
 */
export function registerTimelineCommands(
  manager: SessionManager,
  timelines: Timelines,
  recording: RecordingActions,
  replays: FlowReplays,
  focus: FocusedTile,
  channel: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const command = commandRegistrar(channel);

  /** The session, its entries and the range: given, else picked; undefined when the developer backs out. */
  const rangeOf = async (arg: Arg<RangeArgs>, verb: string) => {
    const given = typeof arg === 'object' && !(arg instanceof SessionItem) ? arg : undefined;
    const record = await pickSession(manager, arg, () => true, `${verb}: which session's timeline?`, { preferred: focus.sessionId(), takeOnlyCandidate: true });
    if (!record) {
      return undefined;
    }
    const entries = await timelines.entries(record.id);
    if (!entries.length) {
      throw new Error(`The timeline of ${record.label} is empty: nothing was done in it yet.`);
    }
    const fromSeq = given?.fromSeq ?? (await pickEntry(entries, `${verb}: from which entry? (newest first)`));
    if (fromSeq === undefined) {
      return undefined;
    }
    const toSeq = given ? given.toSeq : await pickEntry(entries.filter((entry) => entry.seq >= fromSeq), `${verb}: to which entry? (newest first)`, true);
    if (toSeq === undefined && !given) {
      return undefined;
    }
    const range: TimelineRange = { fromSeq, toSeq: toSeq === LAST_ENTRY ? undefined : toSeq };
    const flowOf = (title: string): UserFlow => timelineFlow(entries, range, title);
    return { record, range, flowOf, given };
  };

  return [
    command('saveTimelineAsFlow', async (arg?: Arg<SaveArgs>) => {
      const chosen = await rangeOf(arg, 'Save as a flow');
      if (!chosen) {
        return undefined;
      }
      const given = chosen.given as SaveArgs | undefined;
      const title = given?.title ?? (await inputBox({ title: 'Save the timeline as a flow', prompt: 'A name for the flow', value: `${chosen.record.label} ${rangeWords(chosen.range)}` }));
      if (!title?.trim()) {
        return undefined;
      }
      const flow = chosen.flowOf(title.trim());
      const choices = await recording.placeholderChoices(flow, given);
      return choices && recording.save(flow, choices, given?.open);
    }),

    // Its failures are shown by the replay path itself, with the screenshot one click away.
    vscode.commands.registerCommand('browserCanvas.replayFromHere', (arg?: Arg<ReplayArgs>) =>
      replays.run(async () => {
        const chosen = await rangeOf(arg, 'Replay');
        if (!chosen) {
          return undefined;
        }
        const given = chosen.given as ReplayArgs | undefined;
        const flow = chosen.flowOf(`${chosen.record.label} ${rangeWords(chosen.range)}`);
        return { flow, sessionId: given?.into, preferredSession: chosen.record.id, variables: given?.variables, feedback: given?.feedback };
      }),
    ),

    command('exportTimelineRange', async (arg?: Arg<ExportArgs>) => {
      const chosen = await rangeOf(arg, 'Export');
      if (!chosen) {
        return undefined;
      }
      const title = `${chosen.record.label} ${rangeWords(chosen.range)}`;
      const script = await puppeteerScript(chosen.flowOf(title));
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
      const name = `${title.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '')}.js`;
      const to =
        (chosen.given as ExportArgs | undefined)?.to ??
        (await vscode.window.showSaveDialog({ title: 'Export the timeline range as a Puppeteer script', defaultUri: vscode.Uri.joinPath(folder, name), filters: { 'Puppeteer script': ['js'] }, saveLabel: 'Export' }))?.fsPath;
      if (!to) {
        return undefined;
      }
      await vscode.workspace.fs.writeFile(vscode.Uri.file(to), Buffer.from(script));
      return to;
    }),
  ];
}

/** "#12–#20", "#12 on". */
function rangeWords({ fromSeq, toSeq }: TimelineRange): string {
  return toSeq === undefined ? `#${fromSeq} on` : `#${fromSeq}–#${toSeq}`;
}
