import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runsProfile } from './processes';

/** Chromium's process-singleton files: `SingletonLock` links to "HOSTNAME-PID". */
const SINGLETON_FILES = ['SingletonLock', 'SingletonSocket', 'SingletonCookie'];

export type ProfileLockState =
  | { readonly state: 'free' }
  | { readonly state: 'running'; readonly pid: number }
  | { readonly state: 'stale'; readonly pid: number }
  | { readonly state: 'foreignHost'; readonly host: string };

export async function readProfileLock(profileDir: string): Promise<ProfileLockState> {
  let target: string;
  try {
    target = await fs.readlink(path.join(profileDir, 'SingletonLock'));
  } catch {
    return { state: 'free' };
  }
  const dash = target.lastIndexOf('-');
  const host = target.slice(0, dash);
  const pid = Number.parseInt(target.slice(dash + 1), 10);
  if (host !== os.hostname()) {
    return { state: 'foreignHost', host };
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    return { state: 'stale', pid: 0 };
  }
  return (await runsProfile(pid, profileDir)) ? { state: 'running', pid } : { state: 'stale', pid };
}

/** Removes the singleton files; call only after readProfileLock said `stale`. */
export async function clearStaleProfileLock(profileDir: string): Promise<void> {
  await Promise.all(SINGLETON_FILES.map((name) => fs.rm(path.join(profileDir, name), { force: true })));
}
