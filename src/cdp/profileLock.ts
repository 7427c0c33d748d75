import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runsProfile } from './processes';

/** Chromium's process-singleton files: `SingletonLock` links to "HOSTNAME-PID". */
const SINGLETON_FILES = ['SingletonLock', 'SingletonSocket', 'SingletonCookie'];

/**
 * The lock's target as Chromium reads it (ParseProcessSingletonLock): the pid after the last `-`, as
 * a hostname may contain one, and a hostname before it.
 */
const LOCK_TARGET = /^(.+)-(\d+)$/;

export type ProfileLockState =
  | { readonly state: 'free' }
  | { readonly state: 'running'; readonly pid: number }
  | { readonly state: 'stale'; readonly pid: number }
  | { readonly state: 'foreignHost'; readonly host: string }
  /** Not "HOSTNAME-PID": no browser wrote the link as it stands, so it names no holder (Chromium clears such a lock). */
  | { readonly state: 'unreadable'; readonly target: string };

export async function readProfileLock(profileDir: string): Promise<ProfileLockState> {
  let target: string;
  try {
    target = await fs.readlink(path.join(profileDir, 'SingletonLock'));
  } catch {
    return { state: 'free' };
  }
  const [, host, digits] = LOCK_TARGET.exec(target) ?? [];
  const pid = Number(digits);
  if (!host || !Number.isSafeInteger(pid) || pid <= 0) {
    return { state: 'unreadable', target };
  }
  if (host !== os.hostname()) {
    return { state: 'foreignHost', host };
  }
  return (await runsProfile(pid, profileDir)) ? { state: 'running', pid } : { state: 'stale', pid };
}

/**
 * Removes the singleton files, and the temporary folder Chromium made for its socket (a browser that
 * did not quit by Browser.close leaves it in the temp folder, one per session ended). Call only once
 * no browser holds the profile (readProfileLock, processesOfProfile).
 */
export async function clearStaleProfileLock(profileDir: string): Promise<void> {
  const socket = await fs.readlink(path.join(profileDir, 'SingletonSocket')).catch(() => undefined);
  await Promise.all(SINGLETON_FILES.map((name) => fs.rm(path.join(profileDir, name), { force: true })));
  if (socket && path.isAbsolute(socket) && path.basename(socket) === 'SingletonSocket') {
    await removeSocketFolder(path.dirname(socket));
  }
}

/** Only what Chromium puts there, and the folder only if that left it empty and it is ours: the link may have been edited. */
async function removeSocketFolder(folder: string): Promise<void> {
  const owner = await fs.lstat(folder).catch(() => undefined);
  if (!owner?.isDirectory() || owner.uid !== process.getuid?.()) {
    return;
  }
  await Promise.all(SINGLETON_FILES.map((name) => fs.rm(path.join(folder, name), { force: true })));
  await fs.rmdir(folder).catch(() => undefined); // not empty: not Chromium's alone
}
