/// <reference lib="dom" />
// Functions passed to page.$eval run in the browser, hence the DOM types.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startDebuggingBrowser } from '../../support/debuggingBrowser';
import { isPidAlive, killProcessTree, processesOfProfile } from '../../../src/cdp/processes';
import type { BrowserCanvasApi } from '../../../src/extension/api';
import { waitFor } from '../../support/waitFor';
import { defineAgentTests } from './agentSuite';
import { defineMcpTests } from './mcpSuite';
import { defineRecordingTests } from './recordingSuite';
import { defineTimelineTests } from './timelineSuite';
import { extensionApi, fixtureUrl, Phase, PhaseContext, treeRows } from './context';

interface Launched {
  readonly id: string;
  readonly pid: number;
  readonly profileDir: string;
}
interface OwnBrowser {
  readonly pid: number;
  readonly profileDir: string;
  readonly sessionId: string;
}

const TYPED = 'typed before the reload';

async function inputValue(api: BrowserCanvasApi, id: string): Promise<string> {
  const pages = await api.manager.connection(id)!.pages();
  const form = pages.find((page) => page.url() === fixtureUrl('/form'));
  assert.ok(form, `the form page is gone; pages: ${pages.map((p) => p.url()).join(', ')}`);
  return form.$eval('#name', (input) => (input as HTMLInputElement).value);
}

async function geolocationState(api: BrowserCanvasApi, id: string): Promise<string> {
  const [page] = await api.manager.connection(id)!.pages();
  return page.evaluate(() => navigator.permissions.query({ name: 'geolocation' }).then((status) => status.state));
}

/** What a developer sees after the editor came back: both sessions listed, alive, page state intact. */
function expectSessionsBack({ share }: PhaseContext) {
  it('re-adopts the launched session by its id: same browser process, typed text intact', async () => {
    const api = await extensionApi();
    const launched = share.get<Launched>('launched');
    const record = api.manager.get(launched.id);
    assert.ok(record, 'the session is not listed after the restart');
    assert.equal(record.status, 'running');
    assert.equal(record.pid, launched.pid, 'a second browser was started instead of re-attaching');
    assert.equal(await inputValue(api, launched.id), TYPED);
  });

  it('still lets the site use what the developer allowed (applied again on the new connection)', async () => {
    const api = await extensionApi();
    await waitFor(async () => (await geolocationState(api, share.get<Launched>('launched').id)) === 'granted', 'geolocation granted');
  });

  it('re-attaches the attached browser and shows both in the Sessions view', async () => {
    const api = await extensionApi();
    const own = share.get<OwnBrowser>('own');
    const rows = await waitFor(async () => {
      const current = await treeRows(api);
      return current.length === 2 && current.every((row) => row.pages.length > 0) ? current : undefined;
    }, 'two sessions with their pages in the tree');
    const byId = new Map(rows.map((row) => [row.session.record.id, row]));
    assert.match(String(byId.get(share.get<Launched>('launched').id)?.session.description), /^running · developer · 1 page$/);
    assert.match(String(byId.get(own.sessionId)?.session.description), /^attached · developer/);
    assert.equal(byId.get(share.get<Launched>('launched').id)?.pages[0].label, 'Form');
  });
}

export const phases: Phase[] = [
  {
    name: 'a session made through the commands',
    then: 'reloadWindow',
    define: ({ dir, share }) => {
      describe('Browser Canvas in a real extension host', () => {
        it('activates with an empty Sessions view', async () => {
          const api = await extensionApi();
          assert.deepEqual(await treeRows(api), []);
        });

        it('refuses a bad start URL with a clear error and adds no session', async () => {
          const api = await extensionApi();
          await assert.rejects(
            Promise.resolve(vscode.commands.executeCommand('browserCanvas.newSession', { url: 'javascript:alert(1)' })),
            /uses javascript:, which a session does not open/,
          );
          assert.deepEqual(await treeRows(api), []);
        });

        it('New Session starts a browser that the Sessions view shows running, with its page', async () => {
          const api = await extensionApi();
          const id = await vscode.commands.executeCommand<string>('browserCanvas.newSession', { url: fixtureUrl('/form'), headless: true });
          const rows = await waitFor(async () => {
            const current = await treeRows(api);
            return current[0]?.pages[0]?.label === 'Form' ? current : undefined;
          }, 'the new session and its page in the tree');
          assert.equal(rows.length, 1);
          assert.equal(rows[0].session.record.id, id);
          assert.equal(rows[0].session.contextValue, 'session.launched.running.developer');
          assert.match(String(rows[0].session.description), /^running · developer · 1 page$/);
          assert.equal(rows[0].pages[0].description, fixtureUrl('/form'));
          const record = api.manager.get(id)!;
          share.set('launched', { id, pid: record.pid!, profileDir: record.profileDir! } satisfies Launched);
        });

        it('keeps what the developer types into the page', async () => {
          const api = await extensionApi();
          const { id } = share.get<Launched>('launched');
          const form = (await api.manager.connection(id)!.pages()).find((page) => page.url() === fixtureUrl('/form'))!;
          await form.type('#name', TYPED);
          assert.equal(await inputValue(api, id), TYPED);
        });

        it('Site Permissions allows a site what its page asks for, and keeps the decision in the settings', async () => {
          const api = await extensionApi();
          const { id } = share.get<Launched>('launched');
          const origin = new URL(fixtureUrl('/form')).origin;
          await assert.rejects(
            Promise.resolve(vscode.commands.executeCommand('browserCanvas.sitePermissions', { origin: `${origin}/form`, permission: 'geolocation', setting: 'granted' })),
            /Not a site permission: "http:\/\/127\.0\.0\.1:\d+\/form" is not an origin/,
          );
          assert.equal(await geolocationState(api, id), 'prompt', 'a headless browser would deny it');
          await vscode.commands.executeCommand('browserCanvas.sitePermissions', { origin, permission: 'geolocation', setting: 'granted' });
          assert.deepEqual(vscode.workspace.getConfiguration('browserCanvas').get('sitePermissions'), { [origin]: { geolocation: 'granted' } });
          await waitFor(async () => (await geolocationState(api, id)) === 'granted', 'the page to be allowed geolocation');
        });

        it('Attach to Browser Endpoint lists a browser it does not own', async () => {
          const api = await extensionApi();
          const profileDir = path.join(dir, 'own-browser-profile');
          const own = await startDebuggingBrowser(profileDir, fixtureUrl('/form'));
          const sessionId = await vscode.commands.executeCommand<string>('browserCanvas.attach', { url: own.httpUrl });
          assert.equal(api.manager.get(sessionId)?.status, 'attached');
          share.set('own', { pid: own.pid, profileDir, sessionId } satisfies OwnBrowser);
        });
      });
      defineAgentTests();
      defineMcpTests();
      defineRecordingTests();
    },
  },
  {
    name: 'after the window reloads',
    then: 'restartExtensionHost',
    define: (context) => {
      describe('after the window reloads', () => expectSessionsBack(context));
      // Here, not in phase one, which comes close to its 5 minutes on a busy machine.
      defineTimelineTests();
    },
  },
  {
    name: 'after the extension host restarts',
    define: (context) =>
      describe('after the extension host restarts (on code-server: ended abruptly, no deactivate)', () => {
        expectSessionsBack(context);

        it('Terminate All ends launched browsers and leaves the attached one running', async () => {
          const api = await extensionApi();
          const launched = context.share.get<Launched>('launched');
          const own = context.share.get<OwnBrowser>('own');
          await vscode.commands.executeCommand('browserCanvas.terminateAll', { confirm: false });
          assert.deepEqual(await processesOfProfile(launched.profileDir), []);
          assert.ok(isPidAlive(own.pid));
          const rows = await treeRows(api);
          assert.deepEqual(rows.map((row) => row.session.record.id), [own.sessionId]);
        });

        it('Disconnect forgets the attached browser without ending it', async () => {
          const api = await extensionApi();
          const own = context.share.get<OwnBrowser>('own');
          await vscode.commands.executeCommand('browserCanvas.disconnect', own.sessionId);
          assert.deepEqual(await treeRows(api), []);
          assert.ok(isPidAlive(own.pid));
          await killProcessTree(own.pid, own.profileDir);
        });
      }),
  },
];
