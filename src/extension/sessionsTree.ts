import * as vscode from 'vscode';
import { endpointForDisplay, Event, holderName, isLive, SessionManager, SessionRecord } from '../cdp';

/** What else a session row says (the resource policy: full speed, memory, hibernated), kept current by `onDidChange`. */
export interface SessionNotes {
  note(sessionId: string): string | undefined;
  readonly onDidChange: Event<void>;
}

/** A session row; commands invoked from the tree receive it. */
export class SessionItem extends vscode.TreeItem {
  constructor(readonly record: SessionRecord, pageCount: number, note?: string) {
    super(record.label, pageCount > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = `session:${record.id}`;
    // A hibernated session is `dead` to the menus (Restart wakes it), plus `.hibernated` (Wake Session, Show on Canvas).
    this.contextValue = `session.${record.kind}.${record.status}.${record.controller}${record.hibernated ? '.hibernated' : ''}`;
    const kept = record.hibernated?.pages.length;
    const pages = isLive(record) || kept !== undefined ? ` · ${kept ?? pageCount} ${(kept ?? pageCount) === 1 ? 'page' : 'pages'}` : '';
    this.description = `${statusText(record)} · ${holderName(record)}${pages}${note ? ` · ${note}` : ''}`;
    this.iconPath = statusIcon(record);
    this.tooltip = tooltip(record, note);
    if (isLive(record) || record.hibernated) {
      this.command = { command: 'browserCanvas.showOnCanvas', title: 'Show on Canvas', arguments: [record.id] };
    }
  }
}

/** A page of a session, shown under it with its title and address; a click shows its tile. */
export class PageItem extends vscode.TreeItem {
  constructor(readonly sessionId: string, readonly targetId: string, title: string, url: string) {
    super(title || url || 'New tab', vscode.TreeItemCollapsibleState.None);
    this.id = `page:${sessionId}:${targetId}`;
    this.description = url;
    this.contextValue = 'page';
    this.iconPath = new vscode.ThemeIcon('browser');
    this.command = { command: 'browserCanvas.showOnCanvas', title: 'Show on Canvas', arguments: [this] };
  }
}

/** Hibernated: its browser closed to free memory, not gone; it wakes when used. */
function statusText(record: SessionRecord): string {
  return record.hibernated && record.status === 'dead' ? 'hibernated' : record.status;
}

function statusIcon(record: SessionRecord): vscode.ThemeIcon {
  if (record.hibernated) {
    return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('disabledForeground'));
  }
  switch (record.status) {
    case 'running':
      return record.controller === 'agent' ? new vscode.ThemeIcon('hubot', new vscode.ThemeColor('charts.purple')) : new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'));
    case 'attached':
      return new vscode.ThemeIcon('plug', new vscode.ThemeColor('testing.iconPassed'));
    case 'starting':
      return new vscode.ThemeIcon('loading~spin');
    default:
      return new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('disabledForeground'));
  }
}

function tooltip(record: SessionRecord, note: string | undefined): vscode.MarkdownString {
  const rows: [string, string | undefined][] = [
    ['Session', record.id],
    ['Kind', record.kind === 'launched' ? `launched (${record.headless ? 'headless' : 'window'})` : 'attached (not ours to end)'],
    ['Status', statusText(record)],
    ['Held by', record.agentClient && record.controller === 'agent' ? `the agent (${holderName(record)})` : `the ${record.controller}`],
    ['Endpoint', record.endpoint && endpointForDisplay(record.endpoint.wsEndpoint)],
    ['Process', record.pid?.toString()],
    ['Profile', record.profileDir],
    ['Created', new Date(record.created).toLocaleString()],
    ['Resources', note],
  ];
  const text = new vscode.MarkdownString();
  for (const [name, value] of rows) {
    if (value) {
      text.appendMarkdown(`**${name}:** `).appendText(value).appendMarkdown('  \n');
    }
  }
  return text;
}

/** Sessions from the manager, each with its open pages; follows the manager's changes live. */
export class SessionsTreeProvider implements vscode.TreeDataProvider<SessionItem | PageItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: Array<{ dispose(): void }>;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly manager: SessionManager,
    private readonly notes?: SessionNotes,
  ) {
    // Page events come in bursts (a navigation is several): redraw once per burst.
    const redraw = () => {
      clearTimeout(this.pending);
      this.pending = setTimeout(() => this.changed.fire(), 50);
    };
    this.subscriptions = [manager.onDidChange(redraw), ...(notes ? [notes.onDidChange(redraw)] : [])];
  }

  getTreeItem(item: SessionItem | PageItem): vscode.TreeItem {
    return item;
  }

  async getChildren(parent?: SessionItem | PageItem): Promise<(SessionItem | PageItem)[]> {
    if (!parent) {
      return this.manager.list().map((record) => new SessionItem(record, this.manager.connection(record.id)?.pageTargets.length ?? 0, this.notes?.note(record.id)));
    }
    if (parent instanceof PageItem) {
      return [];
    }
    const connection = this.manager.connection(parent.record.id);
    if (!connection) {
      return [];
    }
    // From the browser, not from each page: a page that does not answer is listed too.
    const pages = await connection.pageInfos().catch(() => []);
    return pages.map(({ targetId, title, url }) => new PageItem(parent.record.id, targetId, title, url));
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }
}
