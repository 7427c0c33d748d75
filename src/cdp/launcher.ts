import { spawn } from 'node:child_process';
import { closeSync, openSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { confirmEndpoint, readDevToolsActivePort } from './endpoint';
import { BrowserCanvasError } from './errors';
import { isPidAlive, killProcessTree } from './processes';
import { SessionEndpoint } from './types';

export interface LaunchOptions {
  readonly executablePath: string;
  /** The session's own user-data-dir: Chrome ignores debugging flags on the default profile. */
  readonly profileDir: string;
  readonly headless: boolean;
  readonly url?: string;
  readonly windowSize?: { readonly width: number; readonly height: number };
  /** Device pixels per CSS pixel: 2 gives a HiDPI screen's crisp frames. Unset: 1. */
  readonly deviceScaleFactor?: number;
  readonly extraArgs?: readonly string[];
  readonly timeoutMs?: number;
}

export interface LaunchedBrowser {
  readonly pid: number;
  readonly endpoint: SessionEndpoint;
}

/** Flags that keep a session quiet on a closed network and reachable only from this machine. */
export function browserArgs(options: LaunchOptions): string[] {
  const size = options.windowSize ?? { width: 1280, height: 800 };
  const args = [
    `--user-data-dir=${options.profileDir}`,
    '--remote-debugging-port=0', // Chromium binds it to 127.0.0.1 and writes the port to DevToolsActivePort
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    `--window-size=${size.width},${size.height}`,
  ];
  if (options.deviceScaleFactor && options.deviceScaleFactor !== 1) {
    // Emulation.setDeviceMetricsOverride changes devicePixelRatio but not the screencast's pixels.
    args.push(`--force-device-scale-factor=${options.deviceScaleFactor}`);
  }
  if (options.headless) {
    args.push('--headless=new', '--disable-gpu', '--hide-scrollbars', '--mute-audio');
  }
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    args.push('--no-sandbox'); // Chromium refuses to start as root with its sandbox on
  }
  args.push(...(options.extraArgs ?? []), options.url ?? 'about:blank');
  return args;
}

/**
 * Starts a browser that outlives us: detached in its own process group, unref'd, output to a file in
 * the session folder. Resolves once the endpoint in DevToolsActivePort answers as this very browser.
 */
export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  await fs.mkdir(options.profileDir, { recursive: true, mode: 0o700 });
  await fs.chmod(options.profileDir, 0o700);
  await fs.rm(path.join(options.profileDir, 'DevToolsActivePort'), { force: true });

  const stderrPath = path.join(path.dirname(options.profileDir), 'browser-output.log');
  const stderr = openSync(stderrPath, 'w', 0o600);
  let child;
  try {
    child = spawn(options.executablePath, browserArgs(options), {
      detached: true,
      stdio: ['ignore', stderr, stderr],
    });
  } finally {
    closeSync(stderr);
  }
  child.unref();

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BrowserCanvasError(
          error.code === 'ENOENT' || error.code === 'EACCES' ? 'BROWSER_NOT_FOUND' : 'BROWSER_LAUNCH_FAILED',
          `Could not start the browser at ${options.executablePath}: ${error.code ?? error.message}.`,
          'Check browserCanvas.browserPath, or clear it to let Browser Canvas find one.',
          { cause: error },
        ),
      ),
    );
    child.once('exit', async (code, signal) => {
      const output = await fs.readFile(stderrPath, 'utf8').catch(() => '');
      reject(
        new BrowserCanvasError(
          'BROWSER_LAUNCH_FAILED',
          `The browser exited while starting (${signal ?? `code ${code}`}): ${lastLines(output)}`,
          `See ${stderrPath} for its full output.`,
        ),
      );
    });
  });
  failed.catch(() => undefined); // the race below observes it; this keeps an unused rejection quiet

  const ready = waitForEndpoint(options.profileDir, () => child.pid !== undefined && isPidAlive(child.pid));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () =>
        reject(
          new BrowserCanvasError(
            'BROWSER_LAUNCH_FAILED',
            `The browser did not open its debugging port within ${timeoutMs / 1000} s.`,
            `See ${stderrPath} for its output.`,
          ),
        ),
      timeoutMs,
    ).unref(),
  );
  try {
    const endpoint = await Promise.race([ready.promise, failed, timeout]);
    child.removeAllListeners();
    return { pid: child.pid!, endpoint };
  } catch (error) {
    ready.cancel();
    child.removeAllListeners();
    if (child.pid && isPidAlive(child.pid)) {
      await killProcessTree(child.pid, options.profileDir); // a browser that never became usable must not linger
    }
    throw error;
  }
}

function waitForEndpoint(profileDir: string, alive: () => boolean) {
  let cancelled = false;
  const promise = (async () => {
    while (!cancelled && alive()) {
      const endpoint = await readDevToolsActivePort(profileDir);
      if (endpoint && (await confirmEndpoint(endpoint))) {
        return endpoint;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return new Promise<never>(() => undefined); // the exit / timeout branch of the race reports it
  })();
  return { promise, cancel: () => (cancelled = true) };
}

function lastLines(text: string, count = 3): string {
  return text.trim().split(/\r?\n/).slice(-count).join(' | ') || 'no output';
}
