// Agents outside the editor: the extension's MCP server, reached as dist/mcp.js would reach it (the
// endpoint file in the extension's storage), driving a session through the editor's own AgentBrowser.
/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as vscode from 'vscode';
import { loadUploadFolders } from '../../../src/cdp/mcp/agentRulesFile';
import { endpointFilePath, readEndpoint } from '../../../src/cdp/mcp/endpointFile';
import { waitFor } from '../../support/waitFor';
import { extensionApi, fixtureUrl } from './context';

const textOf = (result: unknown) => (result as CallToolResult).content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

export function defineMcpTests(): void {
  describe('an agent outside the editor, over MCP', () => {
    const client = new Client({ name: 'integration-agent', version: '1.0.0' });
    let sessionId = '';
    // The later phases expect only the sessions phase one made.
    after(async () => {
      await client.close();
      if (sessionId) {
        await (await extensionApi()).manager.terminate(sessionId);
      }
    });

    it('the editor serves MCP on loopback; its endpoint is in a 0600 file of the extension storage', async () => {
      const api = await extensionApi();
      // The manager's logs live in the extension's global storage: <storage>/logs/<id>.log.
      const storageDir = path.dirname(path.dirname(api.manager.logPath('any')));
      const endpoint = await waitFor(() => readEndpoint(storageDir), 'the endpoint file');
      assert.equal(statSync(endpointFilePath(storageDir)).mode & 0o777, 0o600);
      assert.equal(endpoint.pid, process.pid, 'this extension host serves it');
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${endpoint.port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${endpoint.token}` } } }));
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === 'click_element' && tool.annotations?.readOnlyHint === false));
    });

    it("acts through the editor's AgentBrowser (the steps the canvas draws), and Take Back stops its wait", async () => {
      const api = await extensionApi();
      const opened = textOf(await client.callTool({ name: 'open_session', arguments: { url: fixtureUrl('/signup'), label: 'mcp-agent' } }));
      sessionId = /session "mcp-agent" \((\w+)\)/.exec(opened)?.[1] ?? '';
      assert.ok(sessionId, opened);
      const steps: string[] = [];
      const listening = api.agent.onDidStep((step) => step.sessionId === sessionId && steps.push(step.kind));
      try {
        const snapshot = textOf(await client.callTool({ name: 'snapshot_page', arguments: { session: sessionId } }));
        const terms = /checkbox "I accept the terms" \[ref=(e\d+)\]/.exec(snapshot)?.[1];
        assert.ok(terms, snapshot);
        const clicked = (await client.callTool({ name: 'click_element', arguments: { session: sessionId, ref: terms } })) as CallToolResult;
        assert.ok(!clicked.isError, textOf(clicked));
        const [page] = await api.manager.connection(sessionId)!.pages();
        assert.equal(await page.$eval('input[name=terms]', (input) => (input as HTMLInputElement).checked), true);
        assert.ok(steps.includes('click'), `steps: ${steps.join(', ')}`);
      } finally {
        listening.dispose();
      }
      const lines = readFileSync(api.manager.logPath(sessionId), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.ok(lines.some((line) => line.event === 'action' && line.action === 'click' && line.client === 'mcp:integration-agent'));

      const waiting = client.callTool({ name: 'wait_for', arguments: { session: sessionId, text: 'never on this page', timeoutMs: 60_000 } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await vscode.commands.executeCommand('browserCanvas.takeBack', sessionId);
      const stopped = (await waiting) as CallToolResult;
      assert.equal(stopped.isError, true);
      assert.match(textOf(stopped), /took the session back/);
    });

    it('saves the upload folders for the server that runs without an editor: the workspace folders by default', async () => {
      const api = await extensionApi();
      const storageDir = path.dirname(path.dirname(api.manager.logPath('any')));
      const workspace = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
      assert.ok(workspace.length, 'the editor has a workspace folder open');
      await waitFor(() => JSON.stringify(loadUploadFolders(storageDir)) === JSON.stringify(workspace), 'the workspace folders in the saved rules');
    });
  });
}
