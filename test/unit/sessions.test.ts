/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser, hence the DOM types.
import * as assert from 'node:assert/strict';
import { promises as fs, watch } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { WebSocketServer } from 'ws';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { isPidAlive, processesOfProfile } from '../../src/cdp/processes';
import { SessionRegistry } from '../../src/cdp/registry';
import { startDebuggingBrowser } from '../support/debuggingBrowser';
import { FORM_PAGE, makeManager, readLogLines, startFixtureServer, tempStorage, waitFor } from './support';
import { killBrowsersIn } from '../support/sessionBrowsers';

describe('sessions', function () {
  const cleanups: (() => Promise<void> | void)[] = [];
  let site: Awaited<ReturnType<typeof startFixtureServer>>;

  before(async () => {
    site = await startFixtureServer({
      '/form': FORM_PAGE,
      '/store': '<!doctype html><title>Store</title>',
      '/downloads': '<!doctype html><a id="report" download="report.txt" href="/report">report</a>',
      '/report': 'quarterly figures',
    });
  });
  after(() => site.close());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  /** A manager whose browsers are all killed after the test, whatever it did. */
  function managerOn(storage: string, settings?: Parameters<typeof makeManager>[1]) {
    const made = makeManager(storage, settings);
    cleanups.push(async () => {
      await killBrowsersIn(path.join(storage, 'sessions'));
      made.dispose();
    });
    return made;
  }

  it('re-attaches a session from a new manager with the typed text still in the page', async () => {
    const storage = tempStorage();
    const first = managerOn(storage);
    const created = await first.manager.create({ url: `${site.url}/form` });
    assert.equal(created.status, 'running');
    const page = (await first.manager.connection(created.id)!.pages()).find((p) => p.url().endsWith('/form'))!;
    await page.type('#name', 'half-filled form');

    first.dispose(); // every connection dropped, as when the editor goes away
    assert.ok(isPidAlive(created.pid!), 'the browser must outlive its manager');

    const second = managerOn(storage);
    // What a view of the sessions (the canvas) sees: a change once the connection is there to show.
    const changedWhileConnected: boolean[] = [];
    second.manager.onDidChange(({ id }) => changedWhileConnected.push(second.manager.connection(id)?.isConnected === true));
    // Activation and the registry watcher can adopt at the same moment: one connection must come of it,
    // or the second replaces the first under its callers.
    const [{ adopted, dead }] = await Promise.all([second.manager.adoptExisting(), second.manager.adoptExisting()]);
    assert.deepEqual({ adopted, dead }, { adopted: [created.id], dead: [] });
    assert.ok(changedWhileConnected.includes(true), 'a change once the session is connected, so its pages can be shown');
    const adoptions = (await readLogLines(second.manager.logPath(created.id))).filter((line) => line.event === 'adopt');
    assert.equal(adoptions.length, 1, 'one connection for two adoptions at once');
    const again = second.manager.get(created.id)!;
    assert.equal(again.pid, created.pid, 'adoption must not start a second browser');
    const samePage = (await second.manager.connection(created.id)!.pages()).find((p) => p.url().endsWith('/form'))!;
    assert.equal(await samePage.$eval('#name', (input) => (input as HTMLInputElement).value), 'half-filled form');
  });

  it('settles 1,000 registered sessions, all but one dead, in a bounded number of registry writes', async () => {
    const storage = tempStorage();
    const first = managerOn(storage);
    const live = await first.manager.create();
    first.dispose();
    // A thousand sessions from earlier runs whose browsers are long gone (their pids run nothing now).
    const registry = new SessionRegistry(storage, pino({ level: 'silent' }));
    await registry.update((sessions) => {
      for (let i = 0; i < 1000; i++) {
        const id = `gone${i}`;
        const created = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
        sessions.set(id, { id, kind: 'launched', label: id, created, controller: 'developer', status: 'running', pid: 3_000_000 + i, profileDir: registry.profileDir(id) });
      }
    });
    let writes = 0;
    const watcher = watch(storage, (_event, file) => void (file === 'registry.json' && writes++));
    cleanups.push(() => watcher.close());

    const second = managerOn(storage).manager;
    const { adopted, dead } = await second.adoptExisting();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last rename's event to arrive
    assert.deepEqual(adopted, [live.id]);
    assert.equal(dead.length, 1000);
    assert.ok(writes <= 2, `${writes} registry writes to settle 1,000 sessions`);
    assert.ok((await registry.list()).every((r) => r.id === live.id ? r.status === 'running' : r.status === 'dead'));
  });

  it('keeps a page\'s download in the session folder and says so, under the name the site gave', async () => {
    const { manager } = managerOn(tempStorage());
    const downloads: Parameters<Parameters<typeof manager.onDidDownload>[0]>[0][] = [];
    manager.onDidDownload((download) => downloads.push(download));
    const created = await manager.create({ url: `${site.url}/downloads` });
    const [page] = await manager.connection(created.id)!.pages();
    await page.click('#report');
    const [download] = await waitFor(() => downloads.length > 0 && downloads, 'the finished download');
    assert.equal(download.sessionId, created.id);
    assert.equal(download.suggestedFilename, 'report.txt');
    const { targetInfo } = await (await page.createCDPSession()).send('Target.getTargetInfo');
    assert.equal(download.frameId, targetInfo.targetId, 'the page (tile) it came from');
    assert.ok(download.path.startsWith(path.join(path.dirname(created.profileDir!), 'downloads')), download.path);
    assert.equal(await fs.readFile(download.path, 'utf8'), 'quarterly figures');
  });

  it('shows a second window the sessions the first one creates and ends, live', async () => {
    const storage = tempStorage();
    const windowA = managerOn(storage).manager;
    const windowB = managerOn(storage).manager;
    await windowA.adoptExisting();
    await windowB.adoptExisting();

    const created = await windowA.create({ url: `${site.url}/form` });
    await waitFor(() => windowB.connection(created.id)?.isConnected, 'window B to adopt the new session');
    assert.equal(windowB.get(created.id)?.pid, created.pid);

    // What window B's views redraw for: a real change of a record, not a re-read of the same registry.
    const changes: string[] = [];
    windowB.onDidChange(({ kind, id }) => changes.push(`${kind} ${id}`));
    await windowB.refresh();
    assert.deepEqual(changes, [], 'a re-read that found nothing new changes nothing');
    await windowA.rename(created.id, 'Renamed in A');
    await waitFor(() => windowB.get(created.id)?.label === 'Renamed in A', 'window B to see the new name');
    await windowB.refresh();
    assert.deepEqual(changes, [`changed ${created.id}`], 'one change for one rename');

    await windowA.terminate(created.id);
    await waitFor(() => windowB.get(created.id) === undefined, 'window B to drop the ended session');
    assert.equal(windowB.connection(created.id), undefined);
  });

  it('terminate leaves no process of the profile, nothing of the browser in the temp folder, and forgets the session', async () => {
    const storage = tempStorage();
    const { manager } = managerOn(storage);
    const created = await manager.create({ url: `${site.url}/form` });
    const profile = created.profileDir!;
    assert.ok((await processesOfProfile(profile)).length > 1, 'a browser runs several processes');
    // Chromium's folder for its process-singleton socket, made outside the profile (in the temp folder).
    const socketFolder = path.dirname(await fs.readlink(path.join(profile, 'SingletonSocket')));
    await fs.access(socketFolder);

    await manager.terminate(created.id);
    assert.deepEqual(await processesOfProfile(profile), []);
    assert.equal(manager.get(created.id), undefined);
    await assert.rejects(fs.access(profile), 'the profile folder is deleted with the session');
    await assert.rejects(fs.access(socketFolder), `the browser's socket folder is deleted too: ${socketFolder}`);
  });

  it('terminate-all leaves attached browsers running and listed', async () => {
    const storage = tempStorage();
    const { manager } = managerOn(storage);
    // The developer's own browser, started with a debugging port: not ours to end.
    const ownProfile = path.join(tempStorage('bc-own-'), 'profile');
    const own = await startDebuggingBrowser(ownProfile);
    cleanups.push(own.close);

    const attached = await manager.attach(own.httpUrl);
    const launched = await manager.create();
    await manager.terminateAll();

    assert.ok(isPidAlive(own.pid), 'the attached browser still runs');
    assert.deepEqual(await processesOfProfile(launched.profileDir!), []);
    assert.deepEqual(manager.list().map((r) => [r.id, r.status]), [[attached.id, 'attached']]);
    await manager.terminate(attached.id); // for an attached session: disconnect and forget
    assert.ok(isPidAlive(own.pid));
    assert.deepEqual(manager.list(), []);
  });

  it('marks a session dead when its browser goes away, and restart keeps the profile', async () => {
    const storage = tempStorage();
    const { manager } = managerOn(storage);
    const created = await manager.create({ url: `${site.url}/store` });
    const page = (await manager.connection(created.id)!.pages())[0];
    await page.evaluate(() => localStorage.setItem('login', 'alice'));

    await manager.connection(created.id)!.browser.close(); // the developer closes the window
    await waitFor(() => manager.get(created.id)?.status === 'dead', 'the session to be marked dead');
    assert.equal(await manager.isAlive(created.id), false);

    const restarted = await manager.restart(created.id);
    assert.equal(restarted.status, 'running');
    assert.notEqual(restarted.pid, created.pid);
    const fresh = await manager.connection(created.id)!.browser.newPage();
    await fresh.goto(`${site.url}/store`);
    assert.equal(await fresh.evaluate(() => localStorage.getItem('login')), 'alice');
  });

  it('clears a stale SingletonLock, but never starts a second browser on a running profile', async () => {
    const storage = tempStorage();
    const { manager } = managerOn(storage);
    const created = await manager.create();
    const profile = created.profileDir!;
    await manager.connection(created.id)!.browser.close();
    await waitFor(() => manager.get(created.id)?.status === 'dead', 'the session to be marked dead');

    // A lock left by a crash: it names this host and a pid that no longer runs.
    await fs.rm(path.join(profile, 'SingletonLock'), { force: true });
    await fs.symlink(`${os.hostname()}-999999`, path.join(profile, 'SingletonLock'));
    const restarted = await manager.restart(created.id);
    assert.equal(restarted.status, 'running');

    const again = await manager.restart(created.id); // still running: adopted, not launched twice
    assert.equal(again.pid, restarted.pid);
    const browsers = (await processesOfProfile(profile)).filter((pid) => pid === restarted.pid);
    assert.equal(browsers.length, 1);
  });

  it('writes JSON log lines that carry the session id, page console and network, and no query secrets', async () => {
    const storage = tempStorage();
    const { manager } = managerOn(storage, { logNetwork: true, allowRemoteEndpoints: false });
    const created = await manager.create({ url: `${site.url}/form?token=s3cr3t` });
    const logFile = manager.logPath(created.id);
    const lines = await waitFor(async () => {
      const read = await readLogLines(logFile);
      return read.some((l) => l.event === 'console') ? read : undefined;
    }, 'the console line');
    assert.ok(lines.every((l) => l.sessionId === created.id));
    const launch = lines.find((l) => l.event === 'launch')!;
    assert.equal(typeof launch.durationMs, 'number');
    assert.equal(lines.find((l) => l.event === 'console')!.text, 'form ready');
    const consoleLine = (await fs.readFile(logFile, 'utf8')).split('\n').find((line) => line.includes('"event":"console"'))!;
    assert.equal(consoleLine.match(/"level":/g)?.length, 1, 'one level per line, the log\'s own, so filtering by level reads it right');
    assert.equal(lines.find((l) => l.event === 'console')!.consoleType, 'log');
    assert.ok(lines.some((l) => l.event === 'response' && l.status === 200 && String(l.url).endsWith('/form')));
    const raw = await fs.readFile(logFile, 'utf8');
    assert.doesNotMatch(raw, /s3cr3t/);
    const combined = await readLogLines(path.join(storage, 'logs', 'browser-canvas.log'));
    assert.ok(combined.some((l) => l.sessionId === created.id && l.event === 'launch'));
  });

  describe('bad input gets a clear error and loses nothing', () => {
    async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp) {
      await assert.rejects(promise, (error: unknown) => {
        assert.ok(error instanceof BrowserCanvasError, `not a BrowserCanvasError: ${String(error)}`);
        assert.equal(error.code, code);
        assert.match(error.userMessage, message);
        return true;
      });
    }

    it('refuses invalid start URLs', async () => {
      const { manager } = managerOn(tempStorage());
      await rejectsWith(manager.create({ url: 'javascript:alert(1)' }), 'INVALID_URL', /uses javascript:.*Use an http/);
      await rejectsWith(manager.create({ url: 'http://' }), 'INVALID_URL', /not a valid address|no host/);
      assert.deepEqual(manager.list(), []);
    });

    it('says how to fix a missing or broken browser', async () => {
      const storage = tempStorage();
      const { manager, settings } = managerOn(storage);
      settings.browserPath = '/nowhere/chrome';
      await rejectsWith(manager.create(), 'BROWSER_NOT_FOUND', /browserCanvas\.browserPath.*does not exist.*clear the setting/);
      settings.browserPath = '/bin/false';
      await rejectsWith(manager.create(), 'BROWSER_LAUNCH_FAILED', /exited while starting.*browser-output\.log/);
      assert.deepEqual(manager.list(), [], 'a failed launch leaves no half-made session');
      assert.deepEqual(await fs.readdir(path.join(storage, 'sessions')), []);
    });

    it('gives up within 5 s on an endpoint that accepts a connection but never answers, and isAlive says so', async () => {
      const frozen = createServer(() => undefined); // a frozen browser: the port accepts, nothing comes back
      await new Promise<void>((resolve) => frozen.listen(0, '127.0.0.1', resolve));
      const notCdp = new WebSocketServer({ host: '127.0.0.1', port: 0 }); // a websocket that is not CDP
      await new Promise((resolve) => notCdp.once('listening', resolve));
      cleanups.push(() => void frozen.close(), () => void notCdp.close());
      const frozenUrl = `ws://127.0.0.1:${(frozen.address() as AddressInfo).port}/devtools/browser/frozen`;
      const notCdpUrl = `ws://127.0.0.1:${(notCdp.address() as AddressInfo).port}/devtools/browser/chat`;

      const storage = tempStorage();
      const { manager } = managerOn(storage);
      const registry = new SessionRegistry(storage, pino({ level: 'silent' }));
      for (const [id, url] of [['frozen', frozenUrl], ['notcdp', notCdpUrl]]) {
        await registry.put({ id, kind: 'attached', label: id, created: new Date().toISOString(), controller: 'developer', status: 'attached', attachUrl: url, endpoint: { wsEndpoint: url } });
      }
      await manager.refresh();
      assert.equal(await manager.isAlive('frozen'), false);
      assert.equal(await manager.isAlive('notcdp'), false);
      const { adopted, dead } = await manager.adoptExisting(); // returns: re-adoption does not hang
      assert.deepEqual({ adopted, dead: dead.sort() }, { adopted: [], dead: ['frozen', 'notcdp'] });
      assert.deepEqual(manager.list().map((r) => r.status), ['unreachable', 'unreachable']);

      const noAnswer = /No browser answered at ws:\/\/127\.0\.0\.1:\d+\/devtools\/browser\/… within 5 s\. A frozen browser/;
      await rejectsWith(manager.attach(frozenUrl), 'ENDPOINT_UNREACHABLE', noAnswer);
      await rejectsWith(manager.attach(notCdpUrl), 'ENDPOINT_UNREACHABLE', noAnswer);
      assert.equal(manager.list().length, 2, 'no session added for either');

      // A real browser reached by its ws:// address alone is alive.
      const own = await startDebuggingBrowser(path.join(tempStorage('bc-own-'), 'profile'));
      cleanups.push(own.close);
      const attached = await manager.attach(own.wsEndpoint);
      manager.connection(attached.id)!.dispose();
      assert.equal(await manager.isAlive(attached.id), true);
    });

    it('leaves no half-made session behind when the registry refuses the new one', async () => {
      const storage = tempStorage();
      const { manager } = managerOn(storage);
      const future = JSON.stringify({ schemaVersion: 2, sessions: {} });
      await fs.writeFile(path.join(storage, 'registry.json'), future);
      await rejectsWith(manager.create({ url: `${site.url}/form` }), 'REGISTRY_TOO_NEW', /newer Browser Canvas.*Update Browser Canvas/);
      const ownProfile = path.join(tempStorage('bc-own-'), 'profile');
      const own = await startDebuggingBrowser(ownProfile);
      cleanups.push(own.close);
      await rejectsWith(manager.attach(own.httpUrl), 'REGISTRY_TOO_NEW', /newer Browser Canvas/);
      assert.deepEqual(manager.list(), []);
      // A session.json left behind would come back as a phantom session when the registry is next rebuilt.
      assert.deepEqual(await fs.readdir(path.join(storage, 'sessions')).catch(() => []), []);
      assert.equal(await fs.readFile(path.join(storage, 'registry.json'), 'utf8'), future);
    });

    it('refuses unreachable, malformed and remote endpoints', async () => {
      const { manager } = managerOn(tempStorage());
      await rejectsWith(manager.attach('http://127.0.0.1:1'), 'ENDPOINT_UNREACHABLE', /No browser answered at http:\/\/127\.0\.0\.1:1.*--remote-debugging-port/);
      await rejectsWith(manager.attach('ftp://127.0.0.1:9222'), 'INVALID_ENDPOINT', /needs http\(s\):\/\/ or ws\(s\):\/\//);
      await rejectsWith(manager.attach('http://[nonsense'), 'INVALID_ENDPOINT', /is not a browser endpoint/);
      // Refused before any connection is tried: a CDP endpoint off this machine is opt-in.
      await rejectsWith(manager.attach('http://192.0.2.10:9222'), 'REMOTE_ENDPOINT_REFUSED', /browserCanvas\.allowRemoteEndpoints/);
      assert.deepEqual(manager.list(), []);
    });

    it('keeps a session this window holds live, and held by the agent, through a registry rebuilt by another', async () => {
      const storage = tempStorage();
      const { manager } = managerOn(storage);
      const created = await manager.create({ url: `${site.url}/form` });
      await manager.setController(created.id, 'agent');
      const otherWindow = new SessionRegistry(storage, pino({ level: 'silent' }));

      await fs.writeFile(path.join(storage, 'registry.json'), ''); // emptied by a crash mid-write
      assert.equal((await otherWindow.list())[0].status, 'dead', 'the other window rebuilt it from the folders');
      await manager.refresh();
      const shown = manager.get(created.id)!;
      assert.deepEqual([shown.status, shown.controller, shown.pid], ['running', 'agent', created.pid]);
      const stored = (await otherWindow.get(created.id))!;
      assert.deepEqual([stored.status, stored.controller, stored.pid, stored.rebuilt], ['running', 'agent', created.pid, undefined]);

      // This window rebuilds it itself, in the middle of a handoff.
      await fs.writeFile(path.join(storage, 'registry.json'), '{"schemaVersion":1,"sess');
      assert.equal((await manager.setController(created.id, 'developer')).status, 'running');
      assert.equal((await otherWindow.get(created.id))!.status, 'running');

      await fs.writeFile(path.join(storage, 'registry.json'), '');
      await manager.refresh();
      const restarted = await manager.restart(created.id); // no PROFILE_IN_USE: it runs, so it is kept
      assert.equal(restarted.pid, created.pid);
      await manager.remove(created.id); // ours and live: ended, not refused
      assert.equal(manager.get(created.id), undefined);
      assert.deepEqual(await processesOfProfile(created.profileDir!), []);
    });

    it('recovers from a garbage registry without losing the running session', async () => {
      const storage = tempStorage();
      const first = managerOn(storage);
      const created = await first.manager.create({ url: `${site.url}/form` });
      first.dispose();
      await fs.writeFile(path.join(storage, 'registry.json'), '\u0000\u0000garbage');

      const second = managerOn(storage);
      const { adopted } = await second.manager.adoptExisting();
      assert.deepEqual(adopted, [created.id]);
      assert.equal(second.manager.get(created.id)!.pid, created.pid);
      assert.ok((await fs.readdir(storage)).some((f) => f.startsWith('registry.json.corrupt-')));
    });
  });
});
