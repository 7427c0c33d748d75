import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findBrowser } from '../../src/cdp/discovery';
import { browserArgs } from '../../src/cdp/launcher';
import { killProcessTree } from '../../src/cdp/processes';
import { waitFor } from './waitFor';

/**
 * A browser the developer started themselves with a debugging port (what Attach to Browser Endpoint
 * is for): no host, no secret. Chromium writes the port and path it chose to DevToolsActivePort.
 */
export async function startDebuggingBrowser(profileDir: string, url?: string) {
  await fs.mkdir(profileDir, { recursive: true, mode: 0o700 });
  const executablePath = (await findBrowser()).path;
  const args = [...browserArgs({ executablePath, profileDir, headless: true, url }), '--remote-debugging-port=0'];
  const child = spawn(executablePath, args, { detached: true, stdio: 'ignore' });
  child.unref();
  const [port, wsPath] = await waitFor(async () => {
    const text = await fs.readFile(path.join(profileDir, 'DevToolsActivePort'), 'utf8').catch(() => '');
    const lines = text.split(/\r?\n/);
    return lines[1]?.startsWith('/devtools/browser/') ? lines : undefined;
  }, 'DevToolsActivePort');
  return {
    pid: child.pid!,
    httpUrl: `http://127.0.0.1:${port}`,
    wsEndpoint: `ws://127.0.0.1:${port}${wsPath}`,
    close: () => killProcessTree(child.pid!, profileDir),
  };
}
