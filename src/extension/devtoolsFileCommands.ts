import { chmod, copyFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BrowserCanvasError, entriesInRange, fileTime, isLive, saveNetworkLog, SessionManager, TimelineEntry, Timelines } from '../cdp';
import { commandRegistrar } from './commandErrors';
import { pickSession, SessionArg } from './sessionPick';
import { SessionItem } from './sessionsTree';
import { pickEntry } from './timelinePick';

/** From code (an API caller, a test) the range and the file come along, and nothing is asked. */
interface FromCode {
  readonly sessionId: string;
  /** The last this many minutes; none: since the session was connected. */
  readonly sinceMinutes?: number;
  /** From this timeline entry on: the requests that started at or after its time. */
  readonly fromSeq?: number;
  readonly file?: string;
}

function fromCode(arg: SessionArg | FromCode): FromCode | undefined {
  return typeof arg === 'object' && !(arg instanceof SessionItem) && ('file' in arg || 'sinceMinutes' in arg || 'fromSeq' in arg) ? arg : undefined;
}
import type { FocusedTile } from './canvas/focusedTile';
import { inputBox, quickPick } from './prompts';

/**
 * Save Network Log (HAR)… for a session, and Record / Stop Performance Trace for the focused tile's
 * page: files DevTools opens, offered through the editor's save dialog (0600 where they land). Each
 * saved file, and each trace started, is an entry of the session's timeline (the developer's).
 */
export function registerDevtoolsFileCommands(manager: SessionManager, timelines: Timelines, focus: FocusedTile, version: string, channel: vscode.LogOutputChannel): vscode.Disposable[] {
  const command = commandRegistrar(channel);
  const entry = (sessionId: string, action: string, details: { readonly file?: string; readonly url?: string }) =>
    timelines.append(sessionId, { actor: 'developer', action, steps: [], ...details, durationMs: 0, result: 'ok' });
  /** Since when (ms since the epoch; 0: since connected): given from code, else asked; undefined when the developer backs out. */
  const sinceOf = async (sessionId: string, given: FromCode | undefined) => {
    if (given?.fromSeq !== undefined) {
      return Date.parse(entriesInRange(await timelines.entries(sessionId), { fromSeq: given.fromSeq, toSeq: given.fromSeq })[0].time);
    }
    return given ? (given.sinceMinutes ? Date.now() - given.sinceMinutes * 60_000 : 0) : pickRange(await timelines.entries(sessionId));
  };
  const saveTarget = (title: string, name: string) =>
    vscode.window.showSaveDialog({ title, defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir()), name) });
  const connected = (sessionId: string) => {
    const connection = manager.connection(sessionId);
    if (!connection?.isConnected) {
      throw new BrowserCanvasError('SESSION_DEAD', `Session ${manager.get(sessionId)?.label ?? sessionId} is not connected in this window.`, 'Show it on the canvas, or restart it.');
    }
    return connection;
  };
  /** The focused tile's page, else the first page of a session the developer picks. */
  const tracedPage = async (arg: SessionArg) => {
    const focused = focus.page();
    const record = await pickSession(manager, arg, isLive, 'Trace a page of which session?', { preferred: focused?.sessionId, takeOnlyCandidate: true });
    if (!record) {
      return undefined;
    }
    const connection = connected(record.id);
    const target = connection.pageTarget(focused?.sessionId === record.id ? focused.targetId : undefined);
    if (!target) {
      throw new BrowserCanvasError('PAGE_CLOSED', `Session ${record.label} has no open page.`, 'Open a page in it first.');
    }
    return { record, connection, page: await connection.pageModel(target) };
  };

  return [
    command('saveNetworkLog', async (arg?: SessionArg | FromCode) => {
      const given = fromCode(arg);
      const record = await pickSession(manager, arg, isLive, 'Save the network log of which session?', { preferred: focus.page()?.sessionId, takeOnlyCandidate: true });
      if (!record) {
        return;
      }
      const since = await sinceOf(record.id, given);
      if (since === undefined) {
        return;
      }
      const log = connected(record.id).networkLog;
      const target = given?.file ? vscode.Uri.file(given.file) : await saveTarget(`Save the network log of session ${record.label} (HAR)`, `${safeName(record.label)}-${fileTime()}.har`);
      if (!target) {
        return;
      }
      const summary = await saveNetworkLog(log, target.fsPath, since, version);
      await entry(record.id, 'saveNetworkLog', { file: target.fsPath });
      channel.info(`Saved ${summary.requests} requests of session ${record.id} to ${target.fsPath}.`);
      void vscode.window.showInformationMessage(`Saved ${summary.requests} requests (cookies, tokens and passwords redacted) to ${path.basename(target.fsPath)}.`);
    }),

    command('startPerformanceTrace', async (arg?: SessionArg) => {
      const chosen = await tracedPage(arg);
      if (chosen) {
        await chosen.connection.traces.start(chosen.page);
        await entry(chosen.record.id, 'startPerformanceTrace', { url: chosen.page.url });
        void vscode.window.showInformationMessage(`Recording a performance trace of ${chosen.page.url}. Run Stop Performance Trace when done.`);
      }
    }),

    command('stopPerformanceTrace', async (arg?: SessionArg | FromCode) => {
      const given = fromCode(arg);
      const chosen = await tracedPage(arg);
      if (!chosen) {
        return;
      }
      // Kept in the session's folder first: the trace is read out of the browser before anyone is asked where it goes.
      const kept = path.join(manager.sessionDir(chosen.record.id), 'traces', `${fileTime()}.json`);
      await chosen.connection.traces.stop(chosen.page.targetId, kept);
      const target = given?.file ? vscode.Uri.file(given.file) : await saveTarget(`Save the performance trace of ${chosen.record.label}`, `${safeName(chosen.record.label)}-${fileTime()}.json`);
      await entry(chosen.record.id, 'stopPerformanceTrace', { file: target?.fsPath ?? kept, url: chosen.page.url });
      if (!target) {
        void vscode.window.showInformationMessage(`The trace stays in the session's folder: ${kept}.`);
        return;
      }
      await copyFile(kept, target.fsPath); // a rename would fail across file systems
      await chmod(target.fsPath, 0o600); // a file it replaced keeps its own mode otherwise
      await rm(kept, { force: true });
      void vscode.window.showInformationMessage(`Saved the performance trace to ${path.basename(target.fsPath)}: open it in DevTools' Performance panel.`);
    }),
  ];
}

/** pickRange's choice of a timeline entry. */
const FROM_ENTRY = -2;

/** Since when (ms since the epoch; 0: since connected), or undefined when the developer cancelled. */
async function pickRange(entries: readonly TimelineEntry[]): Promise<number | undefined> {
  const picked = await quickPick(
    [
      { label: 'The whole log', description: 'since the session was connected', minutes: 0 },
      ...(entries.length ? [{ label: 'From a timeline entry…', description: 'the requests that started at or after it', minutes: FROM_ENTRY }] : []),
      { label: 'The last 5 minutes', minutes: 5 },
      { label: 'The last N minutes…', minutes: -1 },
    ],
    { placeHolder: 'From when? Which requests go into the network log?' },
  );
  if (!picked) {
    return undefined;
  }
  if (picked.minutes === FROM_ENTRY) {
    const seq = await pickEntry(entries, 'From which entry of the timeline? (newest first)');
    const from = entries.find((entry) => entry.seq === seq);
    return from && Date.parse(from.time);
  }
  let minutes = picked.minutes;
  if (minutes < 0) {
    const typed = await inputBox({ prompt: 'Requests of the last how many minutes?', value: '15', validateInput: (text) => (/^\d+(\.\d+)?$/.test(text) && Number(text) > 0 ? undefined : 'A number of minutes, e.g. 15.') });
    if (typed === undefined) {
      return undefined;
    }
    minutes = Number(typed);
  }
  return minutes === 0 ? 0 : Date.now() - minutes * 60_000;
}

function safeName(label: string): string {
  return label.replace(/[^\w.-]+/g, '-').slice(0, 40);
}
