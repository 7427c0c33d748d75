// The browser host: one small process per launched session, started detached by the launcher.
// It owns the browser over --remote-debugging-pipe (no debugging port exists) and serves CDP on
// 127.0.0.1 only to clients that know the session's secret. The browser exits when this process
// does (its pipe closes), and this process exits when the browser does. Never imports `vscode`.
//
// Usage: node browserHost.js --endpoint-file=<file> [--detach] -- <browser> <browser args...>
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { CdpRouter } from './cdpRouter';
import { DETACH_FLAG, detachHost } from './detach';
import { readHostEndpoint, writeHostEndpoint } from './hostEndpointFile';
import { startHostServer } from './hostServer';
import { PipeTransport } from './pipeTransport';
import { serveClient } from './serveClient';

function parseArgs(argv: string[]) {
  const split = argv.indexOf('--');
  const endpointFile = argv.slice(0, split).find((arg) => arg.startsWith('--endpoint-file='))?.slice('--endpoint-file='.length);
  const [executablePath, ...browserArgs] = split === -1 ? [] : argv.slice(split + 1);
  if (!endpointFile || !executablePath) {
    throw new Error('usage: browserHost.js --endpoint-file=<file> -- <browser> <args...>');
  }
  return { endpointFile, executablePath, browserArgs };
}

/** Output goes to the session's browser-output.log, which the launcher shows when a start fails. */
const report = (text: string) => process.stderr.write(`[browser host ${process.pid}] ${text}\n`);

async function main(): Promise<void> {
  const { endpointFile, executablePath, browserArgs } = parseArgs(argv);
  delete process.env.ELECTRON_RUN_AS_NODE; // for us only (the editor may be Electron); not the browser's
  const browser = spawn(executablePath, [...browserArgs, '--remote-debugging-pipe'], {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe', 'pipe'],
  });
  const pipe = new PipeTransport(browser.stdio[3] as Writable, browser.stdio[4] as Readable);
  const router = new CdpRouter((text) => pipe.send(text));
  let server: { close(): void } | undefined;

  let exiting = false;
  const exit = (code: number, why: string) => {
    if (exiting) {
      return;
    }
    exiting = true;
    report(why);
    server?.close();
    pipe.dispose();
    browser.kill('SIGKILL'); // a no-op once it has exited
    void removeOwnEndpoint(endpointFile).finally(() => process.exit(code));
  };
  browser.once('error', (error) => exit(1, `could not start ${executablePath}: ${error.message}`));
  browser.once('exit', (code, signal) => exit(0, `the browser exited (${signal ?? `code ${code}`})`));
  // A browser quitting (Browser.close) closes its pipe before it has written its profile and session:
  // killed then, it would lose them. It is given time to exit on its own.
  pipe.onClose(() => setTimeout(() => exit(0, 'the browser closed its pipe and did not exit'), 5000).unref());
  pipe.onMessage((text) => router.fromBrowser(text));
  // Asked to end (Terminate signals the whole process group): the browser closes its profile
  // properly, and we follow it out; by force if it takes too long.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      browser.kill('SIGTERM');
      setTimeout(() => exit(0, `${signal}: the browser did not exit in time`), 5000).unref();
    });
  }

  const version = await router.call('Browser.getVersion');
  if (!version.result) {
    throw new Error(`the browser did not answer over its pipe: ${JSON.stringify(version.error)}`);
  }
  const secret = randomBytes(32).toString('hex');
  const listening = await startHostServer(secret, (socket) => serveClient(router, socket, report));
  server = listening;
  await writeHostEndpoint(endpointFile, { pid: process.pid, browserPid: browser.pid!, wsEndpoint: listening.wsEndpoint });
}

/** Only our own: a host started later for the same session may have written it meanwhile. */
async function removeOwnEndpoint(file: string): Promise<void> {
  if ((await readHostEndpoint(file))?.pid === process.pid) {
    await fs.rm(file, { force: true });
  }
}

process.on('uncaughtException', (error) => {
  report(`failed: ${error.stack ?? error.message}`);
  process.exit(1); // the browser's pipe closes with us, and it exits
});
const argv = process.argv.slice(2);
if (argv.slice(0, argv.indexOf('--')).includes(DETACH_FLAG)) {
  detachHost(argv, parseArgs(argv).endpointFile);
} else {
  main().catch((error: Error) => {
    report(`failed: ${error.message}`);
    process.exit(1);
  });
}
