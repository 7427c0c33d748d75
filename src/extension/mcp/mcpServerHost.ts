import * as vscode from 'vscode';
import { ActionToConfirm, ConfirmAnswer, agentTools, AgentBrowser, createMcpServer, errorMessage, IDisposable, McpHttpServer, publishEndpoint } from '../../cdp';
import { agentConfirmsActions } from '../settings';

export interface McpServerHost extends vscode.Disposable {
  /** The MCP clients connected to this window's server now, by the names they gave. */
  clientNames(): string[];
}

/**
 * The editor's MCP server (browserCanvas.mcp.enabled): started on activation, stopped and started
 * again as the setting changes. Agents outside the editor reach it through `dist/mcp.js`, which reads
 * the endpoint file; what they do goes through the same AgentBrowser as the in-editor agent, so it
 * shows on the canvas and Take Back cancels it.
 */
export function hostMcpServer(agent: AgentBrowser, storageDir: string, version: string, channel: vscode.LogOutputChannel): McpServerHost {
  let current: (IDisposable & { clientNames(): string[] }) | undefined;
  // Each start or stop moves this on; a start that finishes after a newer one began undoes itself.
  let generation = 0;
  const enabled = () => vscode.workspace.getConfiguration('browserCanvas.mcp').get<boolean>('enabled', true);

  const stop = () => {
    generation++;
    current?.dispose(); // synchronous, so the endpoint file is gone before the extension host exits
    current = undefined;
  };
  const start = async () => {
    stop();
    const mine = generation;
    try {
      const confirmation = { enabled: agentConfirmsActions, inEditor: askInEditor };
      const server = await McpHttpServer.start(() => createMcpServer(agent, agentTools, version, confirmation), (message) => channel.info(message));
      const published = await publishEndpoint(storageDir, server.endpoint).catch((error: unknown) => {
        server.dispose();
        throw error;
      });
      const running = {
        clientNames: () => server.clientNames(),
        dispose: () => {
          published.dispose();
          server.dispose();
        },
      };
      if (mine !== generation) {
        running.dispose();
        return;
      }
      current = running;
      channel.info(`MCP server listening on ${server.url} (its token is in the endpoint file in the extension's storage).`);
    } catch (error) {
      channel.error(`Could not start the MCP server: ${errorMessage(error)}`);
    }
  };

  if (enabled()) {
    void start();
  }
  const watcher = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('browserCanvas.mcp.enabled')) {
      void (enabled() ? start() : stop());
    }
  });
  return Object.assign(
    new vscode.Disposable(() => {
      watcher.dispose();
      stop();
    }),
    { clientNames: () => current?.clientNames() ?? [] },
  );
}

/**
 * For a client that cannot ask its user (no MCP elicitation): a notification naming the client, the
 * action and the site, which may allow the rest on that site until Take Back. Dismissed, or the
 * session taken back meanwhile: not allowed.
 */
async function askInEditor(action: ActionToConfirm, signal: AbortSignal): Promise<ConfirmAnswer> {
  if (signal.aborted) {
    return undefined;
  }
  const agent = action.client.replace(/^mcp:/, '');
  const rest = action.origin ? [`Allow All on ${action.origin}`] : [];
  const allowAll = rest.length ? ' (Allow All: no more questions on this site until you take the session back)' : '';
  const asked = vscode.window.showWarningMessage(`${agent} (an agent over MCP): ${action.description} on ${action.origin || 'a page'}?${allowAll}`, 'Allow', ...rest, 'Deny');
  const withdrawn = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
  const choice = await Promise.race([asked, withdrawn]);
  return choice === 'Allow' ? 'once' : choice && rest.includes(choice) ? 'site' : undefined;
}
