import { spawn } from 'node:child_process';
import { closeSync, openSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { answersCdp } from './browserHost/cdpProbe';
import { hostEndpointPath, readHostEndpoint } from './browserHost/hostEndpointFile';
import { DETACH_FLAG } from './browserHost/detach';
import { browserHostScript } from './browserHost/hostScript';
import { BrowserCanvasError } from './errors';
import { isPidAlive, killProcessTree } from './processes';
import { withPrivateUmask } from './storageFolder';
import { SessionEndpoint } from './types';
import { EXTENSION_LOADING_ARG } from './windowPerPage';

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
  /** Reopen the windows of the profile's last session (a hibernated session waking), instead of `url`. */
  readonly restoreLastSession?: boolean;
  readonly timeoutMs?: number;
}

export interface LaunchedBrowser {
  /** The browser host: it leads the process group of the host, the browser and its helpers. */
  readonly pid: number;
  readonly browserPid: number;
  /** The host's address; its path is the session's secret. */
  readonly endpoint: SessionEndpoint;
}

/**
 * Flags that keep a session quiet on a closed network. No debugging port: the browser host adds
 * `--remote-debugging-pipe` and is the only way in.
 */
export function browserArgs(options: LaunchOptions): string[] {
  const size = options.windowSize ?? { width: 1280, height: 800 };
  const args = [
    `--user-data-dir=${options.profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    `--window-size=${size.width},${size.height}`,
    EXTENSION_LOADING_ARG, // for the window-per-page extension (windowPerPage.ts)
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
  args.push(...(options.extraArgs ?? []));
  // Restored, it keeps its session cookies and each page's history too (--restore-last-session).
  args.push(...(options.restoreLastSession ? ['--restore-last-session'] : [options.url ?? 'about:blank']));
  return args;
}

/**
 * Starts a browser that outlives us, owned by its browser host (`dist/browserHost.js`, run by this
 * very Node or Electron): the host is detached in its own process group, unref'd, and it and the
 * browser write to a file in the session folder. Resolves once CDP answers through the host.
 */
export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const sessionDir = path.dirname(options.profileDir);
  await fs.mkdir(options.profileDir, { recursive: true, mode: 0o700 });
  await Promise.all([fs.chmod(sessionDir, 0o700), fs.chmod(options.profileDir, 0o700)]);
  const endpointFile = hostEndpointPath(options.profileDir);
  await fs.rm(endpointFile, { force: true });

  const stderrPath = path.join(sessionDir, 'browser-output.log');
  const stderr = openSync(stderrPath, 'w', 0o600);
  let child;
  try {
    // Detached twice over (see browserHost/detach.ts): no editor process is the host's parent.
    const hostArgs = [browserHostScript(), `--endpoint-file=${endpointFile}`, DETACH_FLAG, '--', options.executablePath, ...browserArgs(options)];
    // Under umask 077 the host, and the browser it starts, make 0600 files (profile, downloads).
    child = withPrivateUmask(() =>
      spawn(process.execPath, hostArgs, {
        detached: true,
        stdio: ['ignore', stderr, stderr],
        // Inside a desktop editor process.execPath is Electron: this makes it a plain Node.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      }),
    );
  } finally {
    closeSync(stderr);
  }
  child.unref();

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BrowserCanvasError(
          'BROWSER_LAUNCH_FAILED',
          `Could not start the browser host with ${process.execPath}: ${error.code ?? error.message}.`,
          'Check that this Node or editor installation is complete.',
          { cause: error },
        ),
      ),
    );
    child.once('exit', async (code, signal) => {
      if (code === 0) {
        return; // the host it started is serving
      }
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

  const ready = waitForEndpoint(endpointFile, () => child.pid !== undefined && (child.exitCode === 0 || isPidAlive(child.pid)));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () =>
        reject(
          new BrowserCanvasError(
            'BROWSER_LAUNCH_FAILED',
            `The browser did not answer its host within ${timeoutMs / 1000} s.`,
            `See ${stderrPath} for its output.`,
          ),
        ),
      timeoutMs,
    ).unref(),
  );
  try {
    const host = await Promise.race([ready.promise, failed, timeout]);
    child.removeAllListeners();
    return { pid: host.pid, browserPid: host.browserPid, endpoint: { wsEndpoint: host.wsEndpoint } };
  } catch (error) {
    ready.cancel();
    child.removeAllListeners();
    if (child.pid && isPidAlive(child.pid)) {
      await killProcessTree(child.pid, options.profileDir); // a host that never became usable must not linger
    }
    throw error;
  }
}

/** The host writes its endpoint once the browser answered it; this checks it answers through the host too. */
function waitForEndpoint(endpointFile: string, alive: () => boolean) {
  let cancelled = false;
  const promise = (async () => {
    while (!cancelled && alive()) {
      const host = await readHostEndpoint(endpointFile);
      if (host && (await answersCdp(host.wsEndpoint, 2000))) {
        return host;
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
