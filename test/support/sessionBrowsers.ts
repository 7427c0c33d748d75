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
export async function killSessionBrowsers(userData: string): Promise<string[]> {
  const dir = sessionsDir(userData);
  const killed: string[] = [];
  for (const id of existsSync(dir) ? readdirSync(dir) : []) {
    const pids = await processesOfProfile(path.join(dir, id, 'profile'));
    pids.forEach((pid) => process.kill(pid, 'SIGKILL'));
    if (pids.length) {
      killed.push(id);
    }
  }
  return killed;
}
