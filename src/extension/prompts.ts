import * as vscode from 'vscode';

// Every quick pick and input box of ours stays open when focus moves away. Run from the palette while
// the canvas webview had the keyboard, the workbench hands the keyboard back to the webview as the
// palette closes, after our command has already opened its picker: one that closes on focus out then
// vanished (2 tries of 3 in code-server). scripts/checkRooms.mjs keeps the rest of src/extension on these.
const STAY_OPEN = { ignoreFocusOut: true } as const;

type PickOptions = Omit<vscode.QuickPickOptions, 'canPickMany' | 'ignoreFocusOut'>;

/** One item, or undefined on Escape. */
export function quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
  return Promise.resolve(vscode.window.showQuickPick(items, { ...options, ...STAY_OPEN }));
}

/** The items ticked, or undefined on Escape. */
export function quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined> {
  return Promise.resolve(vscode.window.showQuickPick(items, { ...options, canPickMany: true, ...STAY_OPEN }));
}

/** The text typed, or undefined on Escape. */
export function inputBox(options: Omit<vscode.InputBoxOptions, 'ignoreFocusOut'>): Promise<string | undefined> {
  return Promise.resolve(vscode.window.showInputBox({ ...options, ...STAY_OPEN }));
}
