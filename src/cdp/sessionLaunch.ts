import type { Logger } from 'pino';
import { BrowserSession, ConnectOptions } from './browserSession';
import { BrowserCanvasError } from './errors';
import { launchBrowser } from './launcher';
import { killProcessTree, processesOfProfile } from './processes';
import { clearStaleProfileLock, ProfileLockState, readProfileLock } from './profileLock';
import { SessionEndpoint, SessionRecord } from './types';

export interface LaunchedSessionBrowser {
  readonly pid: number;
  readonly endpoint: SessionEndpoint;
  readonly connection: BrowserSession;
}

export interface SessionLaunchOptions {
  /** Found once per launch by the caller (the record keeps it). */
  readonly executablePath: string;
  readonly deviceScaleFactor?: number;
  /** Reopen the windows the browser had when it was last closed (see LaunchOptions). */
  readonly restoreLastSession?: boolean;
  readonly connect: ConnectOptions;
}

/**
 * Starts a launched session's browser on its own profile and connects to it. Never a second browser
 * on a profile in use: a lock left by a browser that is gone (or one no browser wrote) is cleared, a
 * live one refuses. A browser we cannot drive is ended, not left running.
 */
export async function launchSessionBrowser(record: SessionRecord, log: Logger, options: SessionLaunchOptions): Promise<LaunchedSessionBrowser> {
  const profileDir = record.profileDir!;
  await claimProfile(record, log);
  const browser = await launchBrowser({ executablePath: options.executablePath, profileDir, headless: record.headless ?? true, deviceScaleFactor: options.deviceScaleFactor, restoreLastSession: options.restoreLastSession });
  const connection = await BrowserSession.connect(record.id, browser.endpoint, log, options.connect).catch(async (error: unknown) => {
    await killProcessTree(browser.pid, profileDir);
    throw error;
  });
  return { pid: browser.pid, endpoint: browser.endpoint, connection };
}

/** Clears the profile's lock when no browser holds it; refuses, naming the holder, when one does. */
async function claimProfile(record: SessionRecord, log: Logger): Promise<void> {
  const profileDir = record.profileDir!;
  const lock = await readProfileLock(profileDir);
  if (lock.state === 'free') {
    return;
  }
  const holder = await holderOf(profileDir, lock);
  if (holder) {
    throw new BrowserCanvasError('PROFILE_IN_USE', `The profile of session ${record.label} is in use by ${holder}.`, 'Close that browser, then start the session again.');
  }
  log.info({ event: 'staleLockCleared', lock }, 'cleared a profile lock no browser holds');
  await clearStaleProfileLock(profileDir);
}

/** Who holds the profile, in words for the user; undefined when no browser does. */
async function holderOf(profileDir: string, lock: ProfileLockState): Promise<string | undefined> {
  switch (lock.state) {
    case 'running':
      return `a browser on this machine (pid ${lock.pid})`;
    case 'foreignHost':
      return `a browser on ${lock.host}`;
    case 'unreadable': {
      // Not written as it stands by a browser, so it names no holder: Chromium clears such a lock and
      // starts. One may still run on the profile though (its lock overwritten): then that one holds it.
      const pids = await processesOfProfile(profileDir);
      return pids.length > 0 ? `a browser on this machine (pid ${Math.min(...pids)})` : undefined; // the first started: the browser or its host
    }
    default:
      return undefined;
  }
}
