import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AgentBrowser, findTool, isLive, parseToolInput, shortPageId, targetIdOf, ToolName, ToolOutput } from '../cdp';
import { untilCancelled } from './cancellation';
import { commandRegistrar } from './commandErrors';
import { pickSession, SessionArg } from './sessionPick';
import type { FocusedTile } from './canvas/focusedTile';
import { inputBox } from './prompts';

const SNAPSHOT_SCHEME = 'browser-canvas-snapshot';
/** Snapshots kept for their open documents; older ones are dropped. */
const KEPT_SNAPSHOTS = 20;

/**
 * What chat's /snapshot and /screenshot do, as palette and Sessions view commands: an editor without
 * a language model refuses every chat request before @browser sees it. They act as the developer on
 * the page whose tile has the keyboard, else on a session the developer picks.
 */
export function registerPageCommands(browser: AgentBrowser, focus: FocusedTile, screenshotDir: string, channel: vscode.LogOutputChannel): vscode.Disposable[] {
  const command = commandRegistrar(channel);
  const developer = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> => findTool(name)!.run(browser, parseToolInput(name, input) as never, 'developer');
  const target = async (arg: SessionArg, question: string) => {
    const focused = focus.page();
    const record = await pickSession(browser.manager, arg, isLive, question, { preferred: focused?.sessionId, takeOnlyCandidate: true });
    if (!record) {
      return undefined;
    }
    return { session: record.id, label: record.label, ...(focused?.sessionId === record.id ? { page: focused.targetId } : {}) };
  };

  const snapshots = new Map<string, string>();
  let snapshotCount = 0;
  return [
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, { provideTextDocumentContent: (uri) => snapshots.get(uri.toString()) ?? 'This snapshot is no longer kept: take a new one.' }),
    command('snapshotPage', async (arg?: SessionArg) => {
      const chosen = await target(arg, 'Show the accessibility snapshot of which session?');
      if (!chosen) {
        return;
      }
      const output = await developer('snapshot_page', { session: chosen.session, ...(chosen.page ? { page: chosen.page } : {}) });
      // The page's text, as the agent would get it: a read-only document (closing it asks nothing; Save As keeps it).
      const uri = vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${chosen.label.replace(/[^\w.-]+/g, '-').slice(0, 40)}-${++snapshotCount}.yaml` });
      snapshots.set(uri.toString(), `# ${output.text.replace(/\n/g, '\n# ')}\n${output.untrusted?.content ?? ''}\n`);
      [...snapshots.keys()].slice(0, -KEPT_SNAPSHOTS).forEach((old) => snapshots.delete(old));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(document, 'yaml'), { preview: false });
    }),

    command('screenshotPage', async (arg?: SessionArg) => {
      const chosen = await target(arg, 'Take a screenshot of which session?');
      if (!chosen) {
        return;
      }
      const output = await developer('take_screenshot', { session: chosen.session, ...(chosen.page ? { page: chosen.page } : {}) });
      await mkdir(screenshotDir, { recursive: true, mode: 0o700 });
      const name = `${chosen.label.replace(/[^\w.-]+/g, '-').slice(0, 40)}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`;
      const file = path.join(screenshotDir, name);
      await writeFile(file, output.image!, { mode: 0o600 });
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: false });
    }),

    command('pointAtElement', async (arg?: SessionArg) => {
      const chosen = await target(arg, 'Point at an element in which session?');
      const pageId = chosen?.page ?? (chosen && targetIdOf(browser.target(chosen.session)));
      if (!chosen || !pageId) {
        return undefined;
      }
      const picked = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Click the element in "${chosen.label}" to tell the agent about`, cancellable: true },
        (_progress, token) => untilCancelled(token, 'The developer stopped pointing.', (signal) => browser.pickElement(chosen.session, pageId, signal)),
      );
      if (!picked) {
        return undefined;
      }
      const note = await inputBox({ title: `Tell the agent about ${picked.label}`, prompt: 'What should it know or do here? It goes with your next Hand to Agent.' });
      if (note === undefined) {
        return undefined;
      }
      const pages = browser.manager.connection(chosen.session)?.pageTargets.map(targetIdOf) ?? [];
      browser.control.addNote(chosen.session, { pageId: shortPageId(pageId, pages), element: picked, note: note.trim() });
      void vscode.window.showInformationMessage(`Noted for the agent: ${picked.label}. Hand "${chosen.label}" to the agent when you are ready.`);
      return picked;
    }),
  ];
}
