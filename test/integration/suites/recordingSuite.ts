// Record / Stop Recording in a real extension host: a session's page is recorded from real input and
// saved as a Recorder flow in the workspace, without the password.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseFlow } from '../../../src/cdp/recorder/flowSchema';
import { extensionApi, fixtureUrl } from './context';

export function defineRecordingTests(): void {
  describe('recording a flow', () => {
    let sessionId = '';
    after(async () => {
      if (sessionId) {
        await (await extensionApi()).manager.terminate(sessionId); // later phases expect only phase one's sessions
      }
    });

    it('Record, then Stop Recording saves what the developer did as a flow in the workspace, the password as a placeholder', async () => {
      const api = await extensionApi();
      sessionId = await vscode.commands.executeCommand<string>('browserCanvas.newSession', { url: fixtureUrl('/signup'), headless: true });
      await vscode.commands.executeCommand('browserCanvas.startRecording', { sessionId });
      const [page] = await api.manager.connection(sessionId)!.pages();
      await page.click('input[name=email]');
      await page.keyboard.type('grace@example.com');
      await page.click('input[name=password]');
      await page.keyboard.type('hunter2 hunter2');
      await page.click('input[name=terms]');
      const file = await vscode.commands.executeCommand<string>('browserCanvas.stopRecording', { sessionId, title: 'Sign up Grace', open: false });
      const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
      assert.ok(file.startsWith(workspace) && file.endsWith('/.browser-canvas/flows/sign-up-grace.json'), file);
      const text = readFileSync(file, 'utf8');
      const flow = parseFlow(text);
      assert.equal(flow.title, 'Sign up Grace');
      assert.ok(!text.includes('hunter2'), 'the password never reaches the file');
      assert.ok(text.includes('{{secret:password}}'));
      assert.deepEqual(
        flow.steps.map((step) => step.type),
        ['setViewport', 'navigate', 'click', 'change', 'click', 'change', 'click'],
      );
      assert.equal(api.manager.get(sessionId) !== undefined, true);
    });
  });
}
