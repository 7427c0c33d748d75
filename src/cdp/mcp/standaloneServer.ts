import * as path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { AgentBrowser } from '../agent/agentBrowser';
import { agentTools } from '../agent/agentTools';
import { DisposableStore } from '../disposable';
import { LogHub } from '../logging';
import { SessionManager } from '../sessionManager';
import { createMcpServer } from './mcpServer';
import { loadAgentRules, loadOriginRules, loadUploadFolders } from './agentRulesFile';

/**
 * MCP on stdio with no editor running: a SessionManager and AgentBrowser of its own on the editor's
 * storage folder. Sessions it opens are in the registry, so they outlive it and an editor opened later
 * shows them; the editor's Take Back writes the registry, which cancels the call in flight here (the
 * registry watcher tells AgentControl). On exit it disconnects and leaves the browsers running.
 */
export async function serveStandalone(storageDir: string, version: string): Promise<void> {
  const store = new DisposableStore();
  try {
    const logs = store.add(new LogHub(path.join(storageDir, 'logs'))); // files only: stdout carries the protocol
    const manager = store.add(new SessionManager({ storageDir, logs, settings: () => ({ logNetwork: false, allowRemoteEndpoints: false }) }));
    // No canvas watches this process, so actions run without highlights or pacing.
    const browser = store.add(new AgentBrowser(manager, logs, { feedback: () => 'execution', origins: () => loadOriginRules(storageDir), uploadFolders: () => loadUploadFolders(storageDir) }));
    await manager.adoptExisting();
    // No editor to ask in: a client that supports elicitation asks its user, as the editor's confirmActions says.
    const server = createMcpServer(browser, agentTools, version, { enabled: () => loadAgentRules(storageDir).confirmActions });
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
      process.stdin.once('end', resolve);
    });
    await server.connect(transport);
    await closed;
    await server.close();
  } finally {
    store.dispose();
  }
}
