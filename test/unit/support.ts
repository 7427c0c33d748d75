import * as http from 'node:http';
import { mkdtempSync, promises as fs } from 'node:fs';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogHub } from '../../src/cdp/logging';
import { SessionManager } from '../../src/cdp/sessionManager';

export interface Settings {
  browserPath?: string;
  logNetwork: boolean;
  allowRemoteEndpoints: boolean;
}

/** A global-storage folder of its own, like the one the editor gives the extension. */
export function tempStorage(prefix = 'bc-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A manager on `storageDir`, as a fresh editor window would make one; `settings` may be changed later. */
export function makeManager(storageDir: string, settings: Settings = { logNetwork: false, allowRemoteEndpoints: false }) {
  const logs = new LogHub(path.join(storageDir, 'logs'));
  const manager = new SessionManager({ storageDir, logs, settings: () => settings });
  return {
    manager,
    logs,
    settings,
    dispose: () => {
      manager.dispose();
      logs.dispose();
    },
  };
}

/** Pages on loopback, for tests that need a real origin (storage, cookies, network events). */
export async function startFixtureServer(pages: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const body = pages[new URL(request.url ?? '/', 'http://x').pathname];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // browsers keep connections alive
        server.close(() => resolve());
      }),
  };
}

export async function readLogLines(file: string): Promise<Record<string, unknown>[]> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
