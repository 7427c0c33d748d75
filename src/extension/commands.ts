import * as vscode from 'vscode';
import { checkStartUrl, endpointForDisplay, errorMessage, isLive, SessionManager, SessionRecord } from '../cdp';
import { commandRegistrar } from './commandErrors';
import { pickSession, SessionArg } from './sessionPick';
import { PageItem } from './sessionsTree';
import { inputBox, quickPick } from './prompts';

export interface NewSessionArgs {
  readonly url?: string;
  readonly headless?: boolean;
  readonly label?: string;
}

/** Ends a session (a launched one's browser and profile; an attached one is only left), asking first unless `confirmed`. */
export async function terminateSession(manager: SessionManager, record: SessionRecord, confirmed: boolean): Promise<void> {
  const what = record.kind === 'attached' ? 'disconnect from it (the browser keeps running)' : 'close its browser and delete its profile (logins included)';
  if (confirmed || (await vscode.window.showWarningMessage(`Terminate session "${record.label}"? This will ${what}.`, { modal: true }, 'Terminate')) === 'Terminate') {
    await progress(`Browser Canvas: ending ${record.label}…`, () => manager.terminate(record.id));
  }
}

function progress<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task);
}

export function registerCommands(manager: SessionManager, channel: vscode.LogOutputChannel): vscode.Disposable[] {
  const command = commandRegistrar(channel);

  const pick = (arg: SessionArg, filter: (r: SessionRecord) => boolean, placeHolder: string) => pickSession(manager, arg, filter, placeHolder);

  const confirm = async (arg: SessionArg, message: string, action: string) =>
    typeof arg === 'string' || (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;

  return [
    command('newSession', async (args?: NewSessionArgs) => {
      const options = args ?? (await askNewSession());
      if (!options) {
        return undefined;
      }
      const record = await progress('Browser Canvas: starting a browser…', () => manager.create(options));
      channel.info(`Session ${record.label} (${record.id}) is running.`);
      if (!args) {
        await showOnCanvas(record.id); // asked for by the developer: its new tile comes into view
      }
      return record.id;
    }),

    command('attach', async (args?: { url?: string; label?: string }) => {
      const url =
        args?.url ??
        (await inputBox({
          title: 'Attach to Browser Endpoint',
          prompt: 'The debugging address of a browser started with --remote-debugging-port, or a browser service.',
          placeHolder: 'http://127.0.0.1:9222',
        }));
      if (!url) {
        return undefined;
      }
      const record = await progress(`Browser Canvas: attaching to ${url}…`, () => manager.attach(url, args?.label));
      if (!args) {
        await showOnCanvas(record.id);
      }
      return record.id;
    }),

    command('openLog', async (arg?: SessionArg) => {
      const record = await pick(arg, () => true, 'Open the log of which session?');
      if (record) {
        await vscode.window.showTextDocument(vscode.Uri.file(manager.logPath(record.id)), { preview: false });
      }
    }),

    command('copyEndpoint', async (arg?: SessionArg) => {
      const record = await pick(arg, (r) => !!r.endpoint, 'Copy the endpoint of which session?');
      if (record?.endpoint) {
        await vscode.env.clipboard.writeText(record.endpoint.wsEndpoint);
        // Shown without its path: for a launched session that is the secret that lets anyone drive it.
        void vscode.window.showInformationMessage(
          `Copied the CDP endpoint of ${record.label} (${endpointForDisplay(record.endpoint.wsEndpoint)}). Anyone who has it can drive that browser: keep it to yourself.`,
        );
      }
    }),

    command('terminate', async (arg?: SessionArg) => {
      const record = await pick(arg, () => true, 'Terminate which session?');
      if (record) {
        await terminateSession(manager, record, typeof arg === 'string');
      }
    }),

    command('renameSession', async (arg?: SessionArg) => {
      const record = await pick(arg, () => true, 'Rename which session?');
      const label = record && (await inputBox({ title: `Rename session "${record.label}"`, prompt: "A name for the session; leave it empty to name it after its page's title again", value: record.label }));
      if (record && label !== undefined) {
        await manager.rename(record.id, label);
      }
    }),

    command('disconnect', async (arg?: SessionArg) => {
      const record = await pick(arg, (r) => r.kind === 'attached', 'Disconnect which attached browser?');
      if (record) {
        await manager.terminate(record.id); // for attached sessions terminate only disconnects
      }
    }),

    command('terminateAll', async (args?: { confirm?: boolean }) => {
      const launched = manager.list().filter((r) => r.kind === 'launched');
      const message = `Terminate all ${launched.length} launched sessions? Their browsers close and their profiles are deleted. Attached browsers are left running.`;
      if (launched.length && (args?.confirm === false || (await vscode.window.showWarningMessage(message, { modal: true }, 'Terminate All')) === 'Terminate All')) {
        await progress('Browser Canvas: ending all sessions…', () => manager.terminateAll());
      }
    }),

    command('restart', async (arg?: SessionArg) => {
      const record = await pick(arg, (r) => r.kind === 'launched' && r.status === 'dead', 'Restart which session?');
      if (record) {
        await progress(`Browser Canvas: restarting ${record.label}…`, () => manager.restart(record.id));
      }
    }),

    command('remove', async (arg?: SessionArg) => {
      const record = await pick(arg, (r) => r.status === 'dead' || r.status === 'unreachable', 'Remove which session?');
      if (record && (await confirm(arg, `Remove session "${record.label}" and delete its profile?`, 'Remove'))) {
        await manager.remove(record.id);
      }
    }),

    command('refresh', async () => {
      await manager.adoptExisting();
    }),

    command('showLogs', async () => channel.show()),

    command('showOnCanvas', async (arg?: SessionArg | PageItem) => {
      if (arg instanceof PageItem) {
        return showOnCanvas(arg.sessionId, arg.targetId);
      }
      const record = await pick(arg, isLive, 'Show which session on the canvas?');
      return record && showOnCanvas(record.id);
    }),
  ];
}

/** Asks for a new session's kind and start page; undefined when the person backs out. */
async function askNewSession(): Promise<NewSessionArgs | undefined> {
  const kind = await quickPick(
    [
      { label: '$(preview) Headless', detail: 'Runs without a window; you see and use it on the canvas.', headless: true },
      { label: '$(window) Window', detail: 'Opens a visible browser window as well.', headless: false },
    ],
    { title: 'New Browser Session', placeHolder: 'How should the browser run?' },
  );
  if (!kind) {
    return undefined;
  }
  const url = await inputBox({
    title: 'New Browser Session',
    prompt: 'Start page (leave empty for a blank page)',
    placeHolder: 'https://example.com',
    validateInput: (value) => {
      if (!value.trim()) {
        return undefined;
      }
      try {
        checkStartUrl(value);
        return undefined;
      } catch (error) {
        return errorMessage(error);
      }
    },
  });
  return url === undefined ? undefined : { headless: kind.headless, url: url.trim() || undefined };
}

/** Opens the canvas with the session's tile (or one page's) in view. */
function showOnCanvas(sessionId: string, pageId?: string): Thenable<void> {
  return vscode.commands.executeCommand('browserCanvas.openCanvas', { sessionId, pageId });
}
