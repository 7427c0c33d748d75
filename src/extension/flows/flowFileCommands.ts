import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFlow, puppeteerScript } from '../../cdp';
import { commandRegistrar } from '../commandErrors';
import type { FlowSecrets } from './flowSecrets';
import { FlowItem, FlowsTreeProvider, pickFlow } from './flowsTree';
import { quickPickMany } from '../prompts';

/** A tree row, or from code a flow name (or file in the flows folder) with options. */
type FlowArg = FlowItem | { readonly flow: string; readonly to?: string; readonly confirm?: boolean } | undefined;

/** Edit, delete, import (a Chrome DevTools recording), export (a Puppeteer script), forget secrets. */
export function registerFlowFileCommands(flows: FlowsTreeProvider, secrets: FlowSecrets, channel: vscode.LogOutputChannel): vscode.Disposable[] {
  /** The flow's file; undefined when the developer backs out of picking one. */
  const fileOf = async (arg: FlowArg, placeHolder: string) => {
    const name = arg instanceof FlowItem ? arg.entry.file : (arg?.flow ?? (await pickFlow(flows, placeHolder, true)));
    return name && flows.library.fileOf(name);
  };
  const command = commandRegistrar(channel);

  return [
    command('editFlow', async (arg?: FlowArg) => {
      const file = await fileOf(arg, 'Edit which flow?');
      if (file) {
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
      }
    }),

    command('deleteFlow', async (arg?: FlowArg) => {
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

    command('importFlow', async (arg?: FlowArg) => {
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

    command('exportFlow', async (arg?: FlowArg) => {
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
      const stored = secrets.list();
      if (!stored.length) {
        void vscode.window.showInformationMessage('Browser Canvas: no flow secrets are stored.');
        return [];
      }
      const items = stored.map((key) => ({ label: key.name, description: key.origin, key }));
      const picked = (await quickPickMany(items, { placeHolder: 'Forget which secrets? The next replay asks for them again.' })) ?? [];
      for (const { key } of picked) {
        await secrets.forget(key);
      }
      return picked.map(({ key }) => key);
    }),
  ];
}
