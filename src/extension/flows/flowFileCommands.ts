import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, parseFlow, puppeteerScript } from '../../cdp';
import type { FlowSecrets } from './flowSecrets';
import { FlowItem, FlowsTreeProvider, pickFlow } from './flowsTree';

/** A tree row, or from code a flow name (or file in the flows folder) with options. */
type FlowArg = FlowItem | { readonly flow: string; readonly to?: string; readonly confirm?: boolean } | undefined;

/** Edit, delete, import (a Chrome DevTools recording), export (a Puppeteer script), forget secrets. */
export function registerFlowFileCommands(flows: FlowsTreeProvider, secrets: FlowSecrets): vscode.Disposable[] {
  /** The flow's file; undefined when the developer backs out of picking one. */
  const fileOf = async (arg: FlowArg, placeHolder: string) => {
    const name = arg instanceof FlowItem ? arg.entry.file : (arg?.flow ?? (await pickFlow(flows, placeHolder, true)));
    return name && flows.library.fileOf(name);
  };
  const command = <R>(name: string, body: (arg: FlowArg) => Promise<R>) =>
    vscode.commands.registerCommand(`browserCanvas.${name}`, async (arg?: FlowArg) => {
      try {
        return await body(arg);
      } catch (error) {
        void vscode.window.showErrorMessage(`Browser Canvas: ${errorMessage(error)}`);
        throw error;
      }
    });

  return [
    command('editFlow', async (arg) => {
      const file = await fileOf(arg, 'Edit which flow?');
      if (file) {
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
      }
    }),

    command('deleteFlow', async (arg) => {
      const file = await fileOf(arg, 'Delete which flow?');
      if (!file) {
        return false;
      }
      const unasked = arg && !(arg instanceof FlowItem) && arg.confirm === false;
      const confirmed = unasked || (await vscode.window.showWarningMessage(`Delete the flow ${path.basename(file)}?`, { modal: true }, 'Delete')) === 'Delete';
      if (confirmed) {
        await flows.library.remove(file);
        flows.refresh();
      }
      return confirmed;
    }),

    command('importFlow', async (arg) => {
      const source = arg && !(arg instanceof FlowItem) ? arg.flow : (await vscode.window.showOpenDialog({ filters: { 'Chrome DevTools recording': ['json'] }, openLabel: 'Import Flow' }))?.[0]?.fsPath;
      if (!source) {
        return undefined;
      }
      const flow = parseFlow(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(source))).toString('utf8'));
      const file = await flows.library.save(flow);
      flows.refresh();
      void vscode.window.showInformationMessage(`Browser Canvas: imported "${flow.title}" as ${path.basename(file)}.`);
      return file;
    }),

    command('exportFlow', async (arg) => {
      const file = await fileOf(arg, 'Export which flow as a Puppeteer script?');
      if (!file) {
        return undefined;
      }
      const flow = await flows.library.read(file);
      const to = (arg && !(arg instanceof FlowItem) && arg.to) || (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(file.replace(/\.json$/, '.js')), filters: { 'Puppeteer script': ['js'] }, saveLabel: 'Export' }))?.fsPath;
      if (!to) {
        return undefined;
      }
      await vscode.workspace.fs.writeFile(vscode.Uri.file(to), Buffer.from(await puppeteerScript(flow)));
      return to;
    }),

    command('forgetFlowSecrets', async () => {
      const names = secrets.names();
      if (!names.length) {
        void vscode.window.showInformationMessage('Browser Canvas: no flow secrets are stored.');
        return [];
      }
      const picked = (await vscode.window.showQuickPick(names, { canPickMany: true, placeHolder: 'Forget which secrets? The next replay asks for them again.' })) ?? [];
      for (const name of picked) {
        await secrets.forget(name);
      }
      return picked;
    }),
  ];
}
