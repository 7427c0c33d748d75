import * as vscode from 'vscode';
import { entryLine, TimelineEntry } from '../cdp';
import { quickPick } from './prompts';

/** The last entry, whichever it is when the command runs. */
export const LAST_ENTRY = -1;

/** An entry as a quick pick lists it: one line, who did what, where; its time beside. */
function entryItem(entry: TimelineEntry): vscode.QuickPickItem & { readonly seq: number } {
  const line = entryLine(entry) ?? `#${entry.seq} ${entry.actor} ${entry.action}`;
  return { label: line, description: new Date(entry.time).toLocaleTimeString(), seq: entry.seq };
}

/** An entry's seq, picked from a list with the newest first (LAST_ENTRY offered on top when `toLast`); undefined on Escape. */
export async function pickEntry(entries: readonly TimelineEntry[], placeHolder: string, toLast = false): Promise<number | undefined> {
  const items = [...entries].reverse().map(entryItem);
  const last = { label: '$(debug-step-over) To the last entry', description: 'and whatever is done meanwhile', seq: LAST_ENTRY };
  const picked = await quickPick(toLast ? [last, ...items] : items, { placeHolder, matchOnDescription: true });
  return picked?.seq;
}
