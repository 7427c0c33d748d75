import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { processesOfProfile } from '../../src/cdp/processes';

/** The session folders Browser Canvas keeps in an editor profile's global storage. */
export function sessionsDir(userData: string): string {
  return path.join(userData, 'User', 'globalStorage', 'browser-canvas.browser-canvas', 'sessions');
}

/**
 * Sessions outlive the editor by design, so a test run ends them itself: kills every browser still
 * running a session profile of that editor profile and returns the ids of those sessions.
 */
export function killSessionBrowsers(userData: string): Promise<string[]> {
  return killBrowsersIn(sessionsDir(userData));
}

/** Kills every process still running a session profile under `sessionsRoot` (a storage's `sessions`); the ids of those sessions. */
export async function killBrowsersIn(sessionsRoot: string): Promise<string[]> {
  const killed: string[] = [];
  for (const id of existsSync(sessionsRoot) ? readdirSync(sessionsRoot) : []) {
    const pids = await processesOfProfile(path.join(sessionsRoot, id, 'profile'));
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (error) {
        // Gone already: a browser exits with its host (its pipe closes), so one kill can end the other.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
          throw error;
        }
      }
    }
    if (pids.length) {
      killed.push(id);
    }
  }
  return killed;
}
