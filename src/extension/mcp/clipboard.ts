import * as vscode from 'vscode';

/** Puts what the developer pastes elsewhere on the clipboard, and says where it goes. */
export async function copyWithNotice(text: string, message: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(message);
}
