// `browserHost.js --detach ...`: starts the host (the same command without --detach) as a process of
// its own and stays only until the host is serving or has failed. The host then has no parent in the
// editor: Theia ends its plugin host by killing every descendant it finds by parent id (its
// ProcessUtils.terminateProcessTree), which would otherwise end every session with the editor.
import { spawn } from 'node:child_process';
import { readHostEndpoint } from './hostEndpointFile';

export const DETACH_FLAG = '--detach';

/** Exits 0 once the host wrote its endpoint, or with the host's own code if it ended first. */
export function detachHost(argv: string[], endpointFile: string): void {
  const host = spawn(process.execPath, [process.argv[1], ...argv.filter((arg) => arg !== DETACH_FLAG)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  host.unref();
  host.once('error', (error) => {
    process.stderr.write(`[browser host] could not start: ${error.message}\n`);
    process.exit(1);
  });
  host.once('exit', (code) => process.exit(code || 1));
  // Asked to stop while starting (a launch that timed out): the host goes too.
  process.once('SIGTERM', () => {
    host.kill('SIGTERM');
    process.exit(1);
  });
  const poll = async () => {
    const written = await readHostEndpoint(endpointFile);
    if (written && written.pid === host.pid) {
      process.exit(0);
    }
    setTimeout(() => void poll(), 25);
  };
  void poll();
}
