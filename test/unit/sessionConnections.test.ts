import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import pino from 'pino';
import { findBrowser } from '../../src/cdp/discovery';
import { LogHub } from '../../src/cdp/logging';
import { isPidAlive } from '../../src/cdp/processes';
import { SessionRegistry } from '../../src/cdp/registry';
import { SessionConnections } from '../../src/cdp/sessionConnections';
import { launchSessionBrowser } from '../../src/cdp/sessionLaunch';
import { SessionView } from '../../src/cdp/sessionView';
import { SessionRecord } from '../../src/cdp/types';
import { killBrowsersIn } from '../support/sessionBrowsers';
import { readLogLines, tempStorage, waitFor } from './support';

describe('session connections', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  let executablePath: string;

  before(async () => {
    executablePath = (await findBrowser()).path;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  /**
   * One window's connections over a registry holding one running session, whose browser this test
   * started (its first connection handed back, or dropped when `adoptable`, for the window to adopt).
   */
  async function windowWithRunningSession({ adoptable }: { adoptable: boolean }) {
    const storage = tempStorage();
    const logs = new LogHub(path.join(storage, 'logs'));
    const registry = new SessionRegistry(storage, pino({ level: 'silent' }));
    const view: SessionView = new SessionView(registry, logs.root, (id) => connections.isConnected(id));
    const connections = new SessionConnections(view, logs, () => ({ logNetwork: false }));
    cleanups.push(async () => {
      connections.dispose();
      view.dispose();
      await killBrowsersIn(path.join(storage, 'sessions'));
      logs.dispose();
    });
    const starting: SessionRecord = { id: 's1', kind: 'launched', label: 'Shop', created: new Date().toISOString(), controller: 'developer', status: 'starting', profileDir: registry.profileDir('s1'), headless: true };
    const launched = await launchSessionBrowser(starting, logs.forSession('s1'), { executablePath, connect: { logNetwork: false } });
    const record: SessionRecord = { ...starting, status: 'running', pid: launched.pid, endpoint: launched.endpoint };
    await view.add(record);
    if (adoptable) {
      await launched.connection.disconnect();
    }
    const sessionLog = async (event: string) => (await readLogLines(logs.sessionLogPath('s1'))).filter((line) => line.event === event);
    return { storage, registry, view, connections, record, connection: launched.connection, sessionLog };
  }

  it('makes one connection for two adoptions of one session at once', async () => {
    const { connections, record, sessionLog } = await windowWithRunningSession({ adoptable: true });
    // Activation and the registry watcher adopt at the same moment: a second connection would replace
    // the first under its callers.
    const [first, second] = await Promise.all([connections.adopt(record), connections.adopt(record)]);
    assert.deepEqual([first.status, second.status], ['running', 'running']);
    assert.equal((await sessionLog('adopt')).length, 1, 'one connection made');
    assert.ok(connections.isConnected(record.id));

    await connections.adopt(record);
    assert.equal((await sessionLog('adopt')).length, 1, 'a connected session is not adopted again');
  });

  it('marks a session dead when its browser crashes, in this window and in the registry', async () => {
    const { storage, registry, view, connections, record, connection, sessionLog } = await windowWithRunningSession({ adoptable: false });
    connections.keep(record, connection); // as a launch hands it over

    await killBrowsersIn(path.join(storage, 'sessions')); // the browser and its host die at once
    await waitFor(() => view.get(record.id)?.status === 'dead', 'the session to be marked dead');
    assert.equal(connections.get(record.id), undefined);
    assert.equal((await registry.get(record.id))?.status, 'dead', 'other windows see it dead too');
    assert.equal((await sessionLog('crash')).length, 1, 'the crash is logged');
  });

  it('connects again when only the connection was lost, to the browser still running', async () => {
    const { view, connections, record, connection, sessionLog } = await windowWithRunningSession({ adoptable: false });
    connections.keep(record, connection);

    await connection.browser.disconnect(); // the socket drops under us; the browser runs on
    await waitFor(() => connections.get(record.id) !== connection && connections.isConnected(record.id), 'a new connection');
    assert.ok(isPidAlive(record.pid!));
    assert.deepEqual([view.get(record.id)?.status, view.get(record.id)?.pid], ['running', record.pid], 'the same browser, not a second one');
    assert.equal((await sessionLog('adopt')).length, 1);
    assert.deepEqual(await sessionLog('crash'), []);
  });

  it('lets go of a connection made for a session another window removed meanwhile, and ends no browser', async () => {
    const { registry, view, connections, record } = await windowWithRunningSession({ adoptable: true });
    await registry.remove(record.id); // another window's Remove, before this window adopts

    const adopted = await connections.adopt(record);
    assert.equal(adopted.status, 'running', 'the browser answered');
    assert.equal(connections.get(record.id), undefined, 'no connection kept for a session that is gone');
    assert.equal(view.get(record.id), undefined);
    assert.deepEqual(await registry.list(), [], 'adoption does not bring the session back');
    assert.ok(isPidAlive(record.pid!), 'its browser is not ours to end here');
  });
});
