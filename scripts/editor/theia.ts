import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, stopGroup, waitForHttp } from './codeServer';
import { EditorDirs, repoRoot } from './profile';

// BROWSER_CANVAS_THEIA: another build of tools/theia (one with extra packages, before tools/theia has them).
const backend = path.join(process.env.BROWSER_CANVAS_THEIA ?? path.join(repoRoot, 'tools/theia'), 'lib/backend/main.js');

export interface TheiaServer {
  readonly pid: number;
  /** The workbench, with the profile's workspace folder open. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Unpacks a .vsix into Theia's plugins folder, as `<publisher>.<name>-<version>`: Theia deploys
 * packed .vsix files only for user plugins, and a plugins folder given on the command line holds
 * unpacked ones. Returns the plugin's folder.
 */
export function unpackVsix(pluginsDir: string, vsix: string): string {
  const unpacked = mkdtempSync(path.join(pluginsDir, '.vsix-'));
  try {
    const run = spawnSync('unzip', ['-q', vsix, 'extension/*', '-d', unpacked], { encoding: 'utf8' });
    if (run.status !== 0) {
      throw new Error(`could not unpack ${vsix}: ${run.error?.message ?? run.stderr} (scripts/installTheia.sh installs unzip)`);
    }
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'extension', 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    const target = path.join(pluginsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    rmSync(target, { recursive: true, force: true }); // what an earlier .vsix unpacked (npm start keeps its profile)
    renameSync(path.join(unpacked, 'extension'), target);
    return target;
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

/**
 * The Theia of tools/theia on loopback, with the plugins of `dirs.extensions` and the profile's
 * workspace. Its configuration folder (settings.json, globalStorage) is `<userData>/User`, where
 * code-server keeps the same files, so a profile from prepareDirs serves both editors.
 * Its output, the plugin host's included, goes to `theia.log` in the profile.
 */
export async function startTheia(dirs: EditorDirs, env: Record<string, string>, port?: number): Promise<TheiaServer> {
  if (!existsSync(backend)) {
    throw new Error('Theia is not built: run scripts/installTheia.sh.');
  }
  port ??= await freePort();
  const output = openSync(path.join(dirs.root, 'theia.log'), 'a');
  // The Node that runs the tests is the one Theia's native modules were built for by npm.
  const server = spawn(
    process.execPath,
    [backend, dirs.workspace, '--hostname', '127.0.0.1', '--port', String(port), `--plugins=local-dir:${dirs.extensions}`],
    { detached: true, stdio: ['ignore', output, output], env: { ...process.env, ...env, THEIA_CONFIG_DIR: path.join(dirs.userData, 'User') } },
  );
  const stop = () => stopGroup(server.pid!);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  // Webviews are served from <id>.webview.<host>: only `localhost` has subdomains that resolve (to
  // loopback, in Chromium) without a DNS server.
  return { pid: server.pid!, url: `http://localhost:${port}/#${dirs.workspace}`, stop };
}
