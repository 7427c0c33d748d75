import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { findBrowser } from '../../src/cdp/discovery';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { commandLineOf, processesOfProfile, runsProfile } from '../../src/cdp/processes';
import { ProfileLockState, readProfileLock } from '../../src/cdp/profileLock';
import { SessionRegistry } from '../../src/cdp/registry';
import { launchSessionBrowser, LaunchedSessionBrowser, SessionLaunchOptions } from '../../src/cdp/sessionLaunch';
import { SessionRecord } from '../../src/cdp/types';
import { killBrowsersIn } from '../support/sessionBrowsers';
import { tempStorage } from './support';

/** The browsers (not their helpers, which have a --type) running a profile. */
async function browserProcessesOf(profileDir: string): Promise<number[]> {
  const pids = await processesOfProfile(profileDir);
  const lines = await Promise.all(pids.map((pid) => commandLineOf(pid)));
  return pids.filter((_, i) => lines[i] && !lines[i]!.includes('--type=') && !lines[i]!.includes('browserHost'));
}

describe('session launch', () => {
  const storages: string[] = [];
  const connections: LaunchedSessionBrowser[] = [];
  let executablePath: string;

  before(async () => {
    executablePath = (await findBrowser()).path;
  });
  afterEach(async () => {
    connections.splice(0).forEach((launched) => launched.connection.dispose());
    for (const storage of storages.splice(0)) {
      await killBrowsersIn(path.join(storage, 'sessions'));
    }
  });

  /** A launched session's record on a fresh profile, and a log whose lines the test reads. */
  function newSession() {
    const storage = tempStorage();
    storages.push(storage);
    const registry = new SessionRegistry(storage, pino({ level: 'silent' }));
    const record: SessionRecord = { id: 's1', kind: 'launched', label: 'Shop', created: new Date().toISOString(), controller: 'developer', status: 'starting', profileDir: registry.profileDir('s1'), headless: true };
    const events: string[] = [];
    const log = pino({}, { write: (line: string) => void events.push(String((JSON.parse(line) as { event?: string }).event)) });
    const options: SessionLaunchOptions = { executablePath, connect: { logNetwork: false } };
    const launch = async (launchOptions = options) => {
      const launched = await launchSessionBrowser(record, log, launchOptions);
      connections.push(launched);
      return launched;
    };
    return { record, profileDir: record.profileDir!, events, options, launch };
  }

  function profileInUse(message: RegExp) {
    return (error: unknown) => {
      assert.ok(error instanceof BrowserCanvasError, String(error));
      assert.equal(error.code, 'PROFILE_IN_USE');
      assert.match(error.userMessage, message);
      return true;
    };
  }

  it('starts a browser on the session\'s own profile and hands back a live connection to it', async () => {
    const { profileDir, launch } = newSession();
    const { pid, endpoint, connection } = await launch();
    assert.ok(await runsProfile(pid, profileDir), 'the pid given runs this profile');
    assert.ok(connection.isConnected);
    assert.equal(connection.browser.wsEndpoint(), endpoint.wsEndpoint);
    assert.equal((await readProfileLock(profileDir)).state, 'running');
  });

  it('refuses a profile a live browser holds, and starts no second browser on it', async () => {
    const { profileDir, launch } = newSession();
    const first = await launch();
    const running = (await processesOfProfile(profileDir)).sort();

    await assert.rejects(launch(), profileInUse(/The profile of session Shop is in use by a browser on this machine \(pid \d+\)\. Close that browser/));
    assert.deepEqual((await processesOfProfile(profileDir)).sort(), running, 'the same processes, no more');
    assert.ok(first.connection.isConnected, 'the browser that holds it is left running');
  });

  it('takes over a lock left by a browser that is gone', async () => {
    const { profileDir, events, launch } = newSession();
    await fs.mkdir(profileDir, { recursive: true });
    // What a browser killed by a crash leaves: a lock naming this host and a pid that runs nothing now.
    await fs.symlink(`${os.hostname()}-999999`, path.join(profileDir, 'SingletonLock'));

    const { pid, connection } = await launch();
    assert.ok(connection.isConnected);
    assert.ok(events.includes('staleLockCleared'), events.join(', '));
    const lock = await readProfileLock(profileDir);
    assert.equal(lock.state, 'running', 'the new browser holds the profile now');
    assert.ok(await runsProfile(pid, profileDir));
  });

  it('takes over a lock whose pid is now another browser\'s, on another profile', async () => {
    const other = newSession();
    await other.launch();
    const [otherBrowser] = await browserProcessesOf(other.profileDir);
    const { profileDir, launch } = newSession();
    await fs.mkdir(profileDir, { recursive: true });
    // The pid was reused (after a reboot, say) by a Chromium that runs another profile: Chromium itself
    // sees a live browser there and would give up on this profile.
    await fs.symlink(`${os.hostname()}-${otherBrowser}`, path.join(profileDir, 'SingletonLock'));

    const { pid, connection } = await launch();
    assert.ok(connection.isConnected);
    assert.ok(await runsProfile(pid, profileDir));
  });

  it('leaves alone, and refuses, a lock held by a browser on another machine', async () => {
    const { profileDir, launch } = newSession();
    await fs.mkdir(profileDir, { recursive: true });
    // A profile on a shared disk, in use from another host: its pid means nothing here.
    const lockFile = path.join(profileDir, 'SingletonLock');
    await fs.symlink('build-box-7-4242', lockFile);

    await assert.rejects(launch(), profileInUse(/The profile of session Shop is in use by a browser on build-box-7\. Close that browser/));
    assert.equal(await fs.readlink(lockFile), 'build-box-7-4242', 'the other machine\'s lock is still there');
    assert.deepEqual(await processesOfProfile(profileDir), []);
  });

  it('reads a lock as Chromium does, the pid after the last "-"; one not "HOSTNAME-PID" as unreadable, not as another machine\'s', async () => {
    const profileDir = path.join(tempStorage(), 'profile');
    await fs.mkdir(profileDir);
    const lockFile = path.join(profileDir, 'SingletonLock');
    const unreadable = (target: string): [string, ProfileLockState] => [target, { state: 'unreadable', target }];
    const table: Array<[target: string, lock: ProfileLockState]> = [
      ['build-box-7-4242', { state: 'foreignHost', host: 'build-box-7' }],
      [`${os.hostname()}-999999`, { state: 'stale', pid: 999999 }],
      unreadable('buildbox'),
      unreadable('build-box'),
      unreadable(`${os.hostname()}-pid`),
      unreadable(`${os.hostname()}-12ab`),
      unreadable(`${os.hostname()}-0`),
      unreadable('build-box-7-'),
      unreadable('-4242'),
    ];
    for (const [target, lock] of table) {
      await fs.rm(lockFile, { force: true });
      await fs.symlink(target, lockFile);
      assert.deepEqual(await readProfileLock(profileDir), lock, target);
    }
  });

  it('takes over an unreadable lock when no browser runs on the profile, as Chromium would', async () => {
    const { profileDir, events, launch } = newSession();
    await fs.mkdir(profileDir, { recursive: true });
    await fs.symlink('buildbox', path.join(profileDir, 'SingletonLock'));

    const { connection } = await launch();
    assert.ok(connection.isConnected);
    assert.ok(events.includes('staleLockCleared'), events.join(', '));
    assert.equal((await readProfileLock(profileDir)).state, 'running', 'the new browser holds the profile now');
  });

  it('refuses an unreadable lock while a browser runs on the profile, and starts no second browser on it', async () => {
    const { profileDir, launch } = newSession();
    const first = await launch();
    const running = (await processesOfProfile(profileDir)).sort();
    const lockFile = path.join(profileDir, 'SingletonLock');
    await fs.rm(lockFile);
    await fs.symlink('buildbox', lockFile); // the live browser's lock overwritten

    await assert.rejects(launch(), profileInUse(/The profile of session Shop is in use by a browser on this machine \(pid \d+\)\. Close that browser/));
    assert.deepEqual((await processesOfProfile(profileDir)).sort(), running, 'the same processes, no more');
    assert.equal(await fs.readlink(lockFile), 'buildbox', 'the lock is left as it was');
    assert.ok(first.connection.isConnected, 'the browser that holds it is left running');
  });

  it('ends a browser it started but cannot drive, instead of leaving it running', async () => {
    const { profileDir, options, launch } = newSession();
    // Connecting fails after the browser started: its download folder cannot be made under a file.
    const aFile = path.join(path.dirname(profileDir), 'not-a-folder');
    await fs.mkdir(path.dirname(profileDir), { recursive: true });
    await fs.writeFile(aFile, '');
    await assert.rejects(launch({ ...options, connect: { logNetwork: false, downloadDir: path.join(aFile, 'downloads') } }), /ENOTDIR/);
    assert.deepEqual(await processesOfProfile(profileDir), [], 'no process of the profile is left');
    assert.notEqual((await readProfileLock(profileDir)).state, 'running', 'the next launch can have the profile');
  });
});
