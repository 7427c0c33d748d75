/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser, hence the DOM types.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readlinkSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { WebSocket } from 'ws';
import { endpointForDisplay } from '../../src/cdp/endpoint';
import { hostEndpointPath, readHostEndpoint } from '../../src/cdp/browserHost/hostEndpointFile';
import { commandLineOf, isPidAlive, processesOfProfile, waitForExit } from '../../src/cdp/processes';
import { makeManager, startFixtureServer, tempStorage, waitFor } from './support';
import { killBrowsersIn } from '../support/sessionBrowsers';

const execFileAsync = promisify(execFile);

const PAGE = `<!doctype html><title>Host</title><input id="name"><button id="add" onclick="this.textContent = String(Number(this.textContent) + 1)">0</button>`;

/** What a probe running as user `nobody` (uid 65534) reached: each of `probes` as an HTTP status or error code. */
async function probeAsNobody(port: number, paths: Record<string, { path: string; upgrade: boolean; origin?: string }>, files: string[]) {
  const script = `
    const http = require('node:http'), fs = require('node:fs');
    const [port, probes, files] = JSON.parse(process.argv[1]);
    const ask = ({ path, upgrade, origin }) => new Promise((resolve) => {
      const headers = upgrade ? { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } : {};
      if (origin) headers.Origin = origin;
      const request = http.request({ host: '127.0.0.1', port, path, headers });
      request.on('upgrade', (response, socket) => { socket.destroy(); resolve(response.statusCode); });
      request.on('response', (response) => { response.resume(); resolve(response.statusCode); });
      request.on('error', (error) => resolve(error.code));
      request.end();
    });
    (async () => {
      const result = { uid: process.getuid(), http: {}, files: {} };
      for (const [name, probe] of Object.entries(probes)) result.http[name] = await ask(probe);
      for (const file of files) { try { fs.readFileSync(file); result.files[file] = 'read'; } catch (e) { result.files[file] = e.code; } }
      console.log(JSON.stringify(result));
    })();`;
  const { stdout } = await execFileAsync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script, JSON.stringify([port, paths, files])]);
  return JSON.parse(stdout) as { uid: number; http: Record<string, number | string>; files: Record<string, string> };
}

/** The TCP ports a process listens on, from /proc: its socket inodes matched against the LISTEN rows. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`)
      .map((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { return ''; } })
      .map((link) => /^socket:\[(\d+)\]$/.exec(link)?.[1])
      .filter((inode): inode is string => inode !== undefined),
  );
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1));
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && inodes.has(cols[9])) // 0A: LISTEN
    .map((cols) => Number.parseInt(cols[1].split(':')[1], 16));
}

/** One command on a connection of its own, and its answer. */
async function rawCommand(wsEndpoint: string, command: object): Promise<{ result?: unknown; error?: unknown }> {
  const socket = new WebSocket(wsEndpoint);
  try {
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    socket.send(JSON.stringify(command));
    return await new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
  } finally {
    socket.close();
  }
}

describe('browser host', function () {
  const cleanups: (() => Promise<void> | void)[] = [];
  let site: Awaited<ReturnType<typeof startFixtureServer>>;

  before(async () => (site = await startFixtureServer({ '/page': PAGE })));
  after(() => site.close());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  /** A manager on its own storage, whose processes are all killed after the test. */
  function managerOn(storage = tempStorage()) {
    const made = makeManager(storage);
    cleanups.push(async () => {
      made.dispose();
      await killBrowsersIn(path.join(storage, 'sessions'));
    });
    return { ...made, storage };
  }

  async function launched(manager: ReturnType<typeof managerOn>['manager']) {
    const record = await manager.create({ url: `${site.url}/page` });
    const host = (await readHostEndpoint(hostEndpointPath(record.profileDir!)))!;
    assert.equal(host.pid, record.pid, 'the registry names the host');
    return { record, host };
  }

  // Switching to another user needs root, as in CI.
  it('refuses another local user without the secret, and the browser has no debugging port at all', async () => {
    const { manager, storage } = managerOn();
    const { record, host } = await launched(manager);
    const url = new URL(host.wsEndpoint);
    const secret = url.pathname.split('/').pop()!;
    assert.match(secret, /^[0-9a-f]{64}$/, '256 random bits');
    assert.equal(endpointForDisplay(host.wsEndpoint), `ws://127.0.0.1:${url.port}/devtools/browser/…`, 'what the editor shows hides it');
    const sessionDir = path.dirname(record.profileDir!);
    const secretFiles = [path.join(storage, 'registry.json'), path.join(sessionDir, 'browser-host.json'), path.join(sessionDir, 'session.json')];
    for (const file of secretFiles) {
      assert.equal((await fs.stat(file)).mode & 0o777, 0o600, file);
    }
    for (const dir of [path.join(storage, 'sessions'), sessionDir, record.profileDir!]) {
      assert.equal((await fs.stat(dir)).mode & 0o777, 0o700, dir);
    }
    // An editor's global storage folder is often world-readable: the files' own modes must hold.
    await fs.chmod(storage, 0o755);

    const wrongSecret = `/devtools/browser/${'0'.repeat(64)}`;
    const seen = await probeAsNobody(
      Number(url.port),
      {
        withSecret: { path: url.pathname, upgrade: true }, // the control: the port is reachable as nobody
        wrongSecret: { path: wrongSecret, upgrade: true },
        noSecret: { path: '/devtools/browser', upgrade: true },
        pagePath: { path: `/devtools/page/${record.id}`, upgrade: true },
        webPageWithSecret: { path: url.pathname, upgrade: true, origin: 'http://evil.example' },
        version: { path: '/json/version', upgrade: false },
        list: { path: '/json/list', upgrade: false },
      },
      secretFiles,
    );
    assert.equal(seen.uid, 65534);
    assert.deepEqual(seen.http, { withSecret: 101, wrongSecret: 403, noSecret: 403, pagePath: 403, webPageWithSecret: 403, version: 404, list: 404 });
    assert.deepEqual(Object.values(seen.files), ['EACCES', 'EACCES', 'EACCES']);

    // Only the host listens; the browser and its helpers have no TCP port, and no DevToolsActivePort.
    const processes = await processesOfProfile(record.profileDir!);
    assert.ok(processes.includes(host.pid) && processes.includes(host.browserPid));
    assert.deepEqual(listeningPorts(host.pid), [Number(url.port)]);
    for (const pid of processes.filter((p) => p !== host.pid)) {
      assert.deepEqual(listeningPorts(pid), [], `process ${pid} (${await commandLineOf(pid)}) listens`);
    }
    assert.match((await commandLineOf(host.browserPid))!, /--remote-debugging-pipe/);
    assert.doesNotMatch((await commandLineOf(host.browserPid))!, /--remote-debugging-port/);
    assert.equal(existsSync(path.join(record.profileDir!, 'DevToolsActivePort')), false);
  });

  it('is driven through the host, outlives its manager, is re-adopted as it was, and terminates with both processes', async () => {
    const storage = tempStorage();
    const first = managerOn(storage);
    const { record, host } = await launched(first.manager);
    const [page] = await first.manager.connection(record.id)!.pages();
    await page.type('#name', 'typed before the editor closed');
    await page.click('#add');

    first.dispose();
    assert.ok(isPidAlive(host.pid) && isPidAlive(host.browserPid), 'host and browser outlive the manager');

    const second = managerOn(storage);
    assert.deepEqual(await second.manager.adoptExisting(), { adopted: [record.id], dead: [] });
    const [again] = await second.manager.connection(record.id)!.pages();
    assert.equal(await again.$eval('#name', (input) => (input as HTMLInputElement).value), 'typed before the editor closed');
    await again.click('#add');
    assert.equal(await again.$eval('#add', (button) => button.textContent), '2');

    await second.manager.terminate(record.id);
    assert.equal(await waitForExit(host.pid, 1000), true, 'the host is gone');
    assert.equal(await waitForExit(host.browserPid, 1000), true, 'the browser is gone');
    assert.deepEqual(await processesOfProfile(record.profileDir!), []);
  });

  // Theia ends its plugin host by killing every process it finds below it by parent id: a host
  // started as the editor's child would take the session with it.
  it('runs the host outside the launching process tree, so an editor that kills its descendants keeps the session', async () => {
    const { manager } = managerOn();
    const { record, host } = await launched(manager);
    const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    const ancestors: number[] = [];
    for (let pid = host.pid; pid > 1; pid = parentOf(pid)) {
      ancestors.push(pid);
    }
    assert.ok(!ancestors.includes(process.pid), `the host (${host.pid}) is no descendant of the launching process (${process.pid})`);
    assert.equal(parentOf(host.browserPid), host.pid, 'the browser is the host\'s own child');
    assert.ok(isPidAlive(record.pid!));
  });

  it('marks the session dead when its host is killed (the browser goes with it), and restart brings it back', async () => {
    const storage = tempStorage();
    const { manager } = managerOn(storage);
    const { record, host } = await launched(manager);
    process.kill(host.pid, 'SIGKILL');

    await waitFor(() => manager.get(record.id)?.status === 'dead', 'the session to be marked dead');
    assert.equal(await waitForExit(host.browserPid, 5000), true, 'a browser without its host exits');
    assert.equal(await manager.isAlive(record.id), false);
    const other = managerOn(storage); // another window sees it dead too
    assert.deepEqual(await other.manager.adoptExisting(), { adopted: [], dead: [record.id] });

    const restarted = await manager.restart(record.id);
    assert.equal(restarted.status, 'running');
    assert.notEqual(restarted.pid, host.pid);
    assert.equal(await manager.isAlive(record.id), true);
  });

  it('ends the host when the browser is killed, and the session is marked dead', async () => {
    const { manager } = managerOn();
    const { record, host } = await launched(manager);
    process.kill(host.browserPid, 'SIGKILL');

    assert.equal(await waitForExit(host.pid, 5000), true, 'the host exits with its browser');
    await waitFor(() => manager.get(record.id)?.status === 'dead', 'the session to be marked dead');
    assert.equal(await manager.isAlive(record.id), false);
    await waitFor(async () => (await processesOfProfile(record.profileDir!)).length === 0, 'every helper of the browser to exit');
    assert.equal(existsSync(hostEndpointPath(record.profileDir!)), false, 'the host removes its endpoint file');
  });

  it('keeps clients apart: another client\'s session is refused, and what a leaving client set up is undone', async () => {
    const { manager } = managerOn();
    const { host } = await launched(manager);
    const [alice, bob] = await Promise.all([1, 2].map(() => puppeteer.connect({ browserWSEndpoint: host.wsEndpoint, defaultViewport: null })));
    cleanups.push(() => bob.disconnect());
    const alicePage = (await alice.pages()).find((p) => p.url().endsWith('/page'))!;
    const aliceSession = await alicePage.createCDPSession();

    // Another client cannot drive Alice's session, even knowing its id.
    assert.equal(await alicePage.evaluate(() => 1 + 1), 2);
    const stolen = await rawCommand(host.wsEndpoint, { id: 1, method: 'Runtime.evaluate', params: { expression: 'document.title' }, sessionId: aliceSession.id() });
    assert.deepEqual(stolen.error, { code: -32001, message: 'Session with given id not found.' });
    assert.equal(stolen.result, undefined);

    // Alice holds every request of the page, then leaves: Bob's reload must not hang on her hold.
    await alicePage.setRequestInterception(true);
    alicePage.on('request', () => undefined);
    await alice.disconnect();
    const bobPage = (await bob.pages()).find((p) => p.url().endsWith('/page'))!;
    const response = await bobPage.reload({ timeout: 10_000 });
    assert.equal(response?.status(), 200);
  });
});
