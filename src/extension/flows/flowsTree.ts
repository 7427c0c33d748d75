import * as vscode from 'vscode';
import { DisposableStore, FlowEntry, FlowLibrary } from '../../cdp';
import { quickPick } from '../prompts';

/** A flow row; the Flows tree's commands receive it. */
export class FlowItem extends vscode.TreeItem {
  constructor(readonly entry: FlowEntry) {
    super(entry.flow?.title ?? entry.name, vscode.TreeItemCollapsibleState.None);
    this.id = `flow:${entry.file}`;
    this.resourceUri = vscode.Uri.file(entry.file);
    this.contextValue = entry.flow ? 'flow' : 'flow.broken';
    const needs = [...(entry.needs?.variables ?? []).map((name) => `{{${name}}}`), ...(entry.needs?.secrets ?? []).map((name) => `{{secret:${name}}}`)];
    this.description = entry.flow ? `${entry.flow.steps.length} steps${needs.length ? ` · ${needs.join(' ')}` : ''}` : 'cannot be replayed';
    this.tooltip = new vscode.MarkdownString().appendText(entry.file).appendMarkdown('\n\n').appendText(entry.problem ?? `${entry.name}.json — click to edit, ▷ to replay`);
    this.iconPath = new vscode.ThemeIcon(entry.flow ? 'play-circle' : 'warning');
    this.command = { command: 'browserCanvas.editFlow', title: 'Edit Flow', arguments: [this] };
  }
}

/** The flows folder as a tree, kept current by a file watcher and by the flows setting. */
export class FlowsTreeProvider implements vscode.TreeDataProvider<FlowItem>, vscode.Disposable {
  private readonly store = new DisposableStore();
  private watching?: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private current: FlowLibrary;

  constructor(private readonly folder: () => string) {
    this.current = new FlowLibrary(folder());
    this.store.add(this.changed);
    this.store.add(
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('browserCanvas.flowsFolder') && this.relocate()),
    );
    this.store.add(vscode.workspace.onDidChangeWorkspaceFolders(() => this.relocate()));
    this.watch();
  }

  /** The library the tree shows: commands, chat and the agent all use this one. */
  get library(): FlowLibrary {
    return this.current;
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: FlowItem): FlowItem {
    return item;
  }

  async getChildren(item?: FlowItem): Promise<FlowItem[]> {
    return item ? [] : (await this.current.list()).map((entry) => new FlowItem(entry));
  }

  private relocate(): void {
    this.current = new FlowLibrary(this.folder());
    this.watch();
    this.refresh();
  }

  private watch(): void {
    this.watching?.dispose();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.current.folder), '*.json'));
    const refresh = () => this.refresh();
    this.watching = vscode.Disposable.from(watcher, watcher.onDidCreate(refresh), watcher.onDidChange(refresh), watcher.onDidDelete(refresh));
  }

  dispose(): void {
    this.watching?.dispose();
    this.store.dispose();
  }
}

/** A flow's name, picked from the library (the broken ones too when `anyFile`); undefined on Escape. */
export async function pickFlow(flows: FlowsTreeProvider, placeHolder: string, anyFile = false): Promise<string | undefined> {
  const entries = (await flows.library.list()).filter((entry) => anyFile || entry.flow);
  if (!entries.length) {
    void vscode.window.showInformationMessage(`Browser Canvas: there are no flows in ${flows.library.folder} yet. Record one from a session, or import one.`);
    return undefined;
  }
  const picked = await quickPick(
    entries.map((entry) => ({ label: entry.flow?.title ?? entry.name, description: `${entry.name} · ${entry.flow ? `${entry.flow.steps.length} steps` : 'cannot be replayed'}`, name: entry.name })),
    { placeHolder },
  );
  return picked?.name;
}
