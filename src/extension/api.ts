import type * as vscode from 'vscode';
import type { AgentBrowser, SessionManager } from '../cdp';
import type { FlowSecrets } from './flows/flowSecrets';
import type { FlowsTreeProvider } from './flows/flowsTree';
import type { SessionsTreeProvider } from './sessionsTree';

/** What `activate` returns: for other extensions, and for the integration tests that drive ours. */
export interface BrowserCanvasApi {
  readonly manager: SessionManager;
  readonly sessionsTree: SessionsTreeProvider;
  /** The agent's view of the sessions: who holds which, and the tools' actions. */
  readonly agent: AgentBrowser;
  /** The @browser participant's handler, as the chat view calls it. */
  readonly chat: vscode.ChatRequestHandler;
  /** The Flows view, and through `library` the flows folder it shows. */
  readonly flows: FlowsTreeProvider;
  /** Stores or forgets a flow secret's value for an origin; values can be written here, never read back. */
  readonly flowSecrets: Pick<FlowSecrets, 'set' | 'forget' | 'list'>;
  /** Settles once the sessions from before this window started have been re-attached or marked dead. */
  readonly ready: Promise<void>;
}
