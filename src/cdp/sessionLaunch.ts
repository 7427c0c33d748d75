import type { Logger } from 'pino';
import { BrowserSession, ConnectOptions } from './browserSession';
import { BrowserCanvasError } from './errors';
import { launchBrowser } from './launcher';
import { killProcessTree } from './processes';
import { clearStaleProfileLock, readProfileLock } from './profileLock';
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
 * on a profile in use: a lock left by a browser that is gone is cleared, a live one refuses. A browser
 * we cannot drive is ended, not left running.
 */
export async function launchSessionBrowser(record: SessionRecord, log: Logger, options: SessionLaunchOptions): Promise<LaunchedSessionBrowser> {
  const profileDir = record.profileDir!;
  const lock = await readProfileLock(profileDir);
  if (lock.state === 'stale') {
    log.info({ event: 'staleLockCleared', pid: lock.pid }, 'cleared a stale profile lock');
    await clearStaleProfileLock(profileDir);
  } else if (lock.state !== 'free') {
    const holder = lock.state === 'running' ? `a browser on this machine (pid ${lock.pid})` : `a browser on ${lock.host}`;
    throw new BrowserCanvasError('PROFILE_IN_USE', `The profile of session ${record.label} is in use by ${holder}.`, 'Close that browser, then start the session again.');
  }
  const browser = await launchBrowser({ executablePath: options.executablePath, profileDir, headless: record.headless ?? true, deviceScaleFactor: options.deviceScaleFactor, restoreLastSession: options.restoreLastSession });
  const connection = await BrowserSession.connect(record.id, browser.endpoint, log, options.connect).catch(async (error: unknown) => {
    await killProcessTree(browser.pid, profileDir);
    throw error;
  });
  return { pid: browser.pid, endpoint: browser.endpoint, connection };
}
