import * as vscode from 'vscode';
import { AgentBrowser, errorMessage, FeedbackMode, FlowReplayError, isAgentError, isLive, placeholdersOf, SessionManager, UserFlow } from '../../cdp';
import { untilCancelled } from '../cancellation';
import { replayFeedback } from '../settings';
import { FlowItem, FlowsTreeProvider, pickFlow } from './flowsTree';
import type { FlowVariableValues } from './flowVariableValues';
import type { FocusedTile } from '../canvas/focusedTile';
import { inputBox, quickPick } from '../prompts';

/** What code (tests, chat, other extensions) may pass; anything left out is asked for. */
export interface ReplayArgs {
  /** A flow name from the Flows tree, or the path of a flow file in the flows folder. */
  readonly flow: string;
  /** A session id, or 'new' for a new headless session. */
  readonly sessionId?: string;
  readonly pageId?: string;
  readonly variables?: Readonly<Record<string, string>>;
  readonly feedback?: FeedbackMode;
}

/** Where and how a flow replays: anything left out is asked for. */
export type ReplayInto = Omit<ReplayArgs, 'flow'> & {
  /** The session offered first when asking where to replay (default: the focused tile's). */
  readonly preferredSession?: string;
};

/**
 * Replay Flow: a flow (tree row, name, or picked) into a session (given, picked, or new), its
 * variables asked for with the recorded or last values offered, its secrets from FlowSecrets, shown on the
 * canvas in the replay feedback mode, cancellable from the progress notification.
 */
export function registerReplayCommand(replays: FlowReplays, flows: FlowsTreeProvider): vscode.Disposable {
  return vscode.commands.registerCommand('browserCanvas.replayFlow', async (arg?: FlowItem | ReplayArgs) => {
    const { flow: name, ...into }: Partial<ReplayArgs> = arg instanceof FlowItem ? { flow: arg.entry.name } : (arg ?? {});
    return replays.run(async () => {
      const picked = name ?? (await pickFlow(flows, 'Replay which flow?'));
      return picked ? { ...into, flow: await flows.library.read(picked) } : undefined;
    });
  });
}

/** The one replay path of the commands (Replay Flow, Replay from Here): a flow into a session, as the class comment of registerReplayCommand says. */
export class FlowReplays {
  constructor(
    private readonly agent: AgentBrowser,
    private readonly variableValues: FlowVariableValues,
    private readonly focus: FocusedTile,
  ) {}

  /**
   * Replays the flow `chosen` gives, where it says (undefined: the developer backed out); a failure,
   * choosing included, is shown with the screenshot and the log one click away, and thrown.
   */
  async run(chosen: () => Promise<(ReplayInto & { readonly flow: UserFlow }) | undefined>): Promise<{ sessionId: string; steps: number } | undefined> {
    const { agent } = this;
    const manager = agent.manager;
    let target: string | undefined; // the session replayed into, once known
    try {
      const args = await chosen();
      const sessionId = args && (args.sessionId ?? (await pickSession(manager, args.preferredSession ?? this.focus.sessionId())));
      if (!args || !sessionId) {
        return undefined;
      }
      const { flow } = args;
      if (sessionId === 'new' && !flow.steps.some((step) => step.type === 'navigate')) {
        throw new Error(`"${flow.title}" opens no page of its own: replay it into a session that is on its first page.`);
      }
      const variables = await askVariables(flow, args.variables ?? {}, this.variableValues);
      if (!variables) {
        return undefined;
      }
      const feedback = args.feedback ?? replayFeedback();
      target = sessionId === 'new' ? (await manager.create({ headless: true, label: flow.title })).id : sessionId;
      if (sessionId === 'new' || feedback !== 'execution') {
        await vscode.commands.executeCommand('browserCanvas.openCanvas', { sessionId: target });
      }
      const replayed = target;
      const label = manager.get(replayed)?.label ?? replayed;
      const { steps } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Replaying "${flow.title}" in ${label}…`, cancellable: true },
        (_progress, token) => untilCancelled(token, 'You stopped the replay.', (signal) => agent.replay(replayed, flow, { pageId: args.pageId, variables, feedback, signal }, 'developer')),
      );
      void vscode.window.showInformationMessage(`Browser Canvas: replayed "${flow.title}" (${steps} steps) in ${label}.`);
      return { sessionId: replayed, steps };
    } catch (error) {
      if (isAgentError(error, 'CANCELLED')) {
        throw new vscode.CancellationError(); // the developer stopped it and knows: no error to show
      }
      const session = target;
      void showReplayError(error, session ? () => vscode.commands.executeCommand('browserCanvas.openLog', session) : undefined);
      throw error;
    }
  }
}

async function showReplayError(error: unknown, openLog?: () => Thenable<unknown>): Promise<void> {
  const stopped = error instanceof FlowReplayError;
  const screenshot = stopped ? error.screenshot : undefined;
  const actions = [...(screenshot ? ['Open Screenshot'] : []), ...(openLog ? ['Open Log'] : [])];
  const choice = await vscode.window.showErrorMessage(`Browser Canvas: ${errorMessage(error)}${stopped ? ' The session stays open where it stopped.' : ''}`, ...actions);
  if (choice === 'Open Screenshot' && screenshot) {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(screenshot));
  } else if (choice === 'Open Log') {
    await openLog?.();
  }
}

/** 'new', or a live session (the focused one first); undefined if they back out. */
async function pickSession(manager: SessionManager, focused: string | undefined): Promise<string | undefined> {
  const live = manager
    .list()
    .filter(isLive)
    .sort((a, b) => Number(b.id === focused) - Number(a.id === focused));
  const picked = await quickPick(
    [
      { label: '$(add) New Session', description: 'a new headless browser', id: 'new' },
      ...live.map((record) => ({ label: record.label, description: record.controller === 'agent' ? `${record.id} · the agent holds it: take it back first` : record.id, id: record.id })),
    ],
    { placeHolder: 'Replay into which session?' },
  );
  return picked?.id; // an agent-held one is refused by the replay, saying so
}

/** A value for each {{variable}}: passed in, else asked for with the recorded or last value offered (Enter takes it); undefined on Escape. */
async function askVariables(flow: UserFlow, given: Readonly<Record<string, string>>, remembered: FlowVariableValues): Promise<Record<string, string> | undefined> {
  const last = remembered.of(flow.title);
  const values: Record<string, string> = { ...given };
  for (const name of placeholdersOf(flow).variables.filter((variable) => values[variable] === undefined)) {
    const typed = await inputBox({ title: `Replay "${flow.title}"`, prompt: `A value for {{${name}}}`, value: last[name] });
    if (typed === undefined) {
      return undefined;
    }
    values[name] = typed;
  }
  await remembered.remember(flow.title, values);
  return values;
}
