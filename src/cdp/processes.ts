import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True while a process with this pid exists (EPERM means it exists but is not ours to signal). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's arguments, or undefined when it is gone (a zombie has none either). */
export async function commandLineOf(pid: number): Promise<string | undefined> {
  try {
    if (process.platform === 'linux') {
      const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw ? raw.split('\0').join(' ').trim() : undefined;
    }
    if (process.platform === 'win32') {
      const { stdout } = await execFileAsync('powershell.exe', [
        '-NoProfile',
        '-Command',
        `(Get-CimInstance Win32_Process -Filter "ProcessId=${pid}").CommandLine`,
      ]);
      return stdout.trim() || undefined;
    }
    const { stdout } = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Every process's pid, from /proc (Linux). */
async function procPids(): Promise<number[]> {
  return (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
}

/** `rootPid` (if it runs) and every process below it, from /proc; [] where there is none (macOS, Windows). */
export async function processTree(rootPid: number): Promise<number[]> {
  if (process.platform !== 'linux') {
    return [];
  }
  const parents = new Map<number, number>();
  await Promise.all(
    (await procPids()).map(async (pid) => {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
      // The name field is in parentheses and may hold spaces: the fields after it start past the last ')'.
      const ppid = stat === undefined ? NaN : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!Number.isNaN(ppid)) {
        parents.set(pid, ppid);
      }
    }),
  );
  const tree = parents.has(rootPid) ? [rootPid] : [];
  for (let index = 0; index < tree.length; index++) {
    for (const [pid, ppid] of parents) {
      if (ppid === tree[index]) {
        tree.push(pid);
      }
    }
  }
  return tree;
}

const profileFlag = (profileDir: string) => `--user-data-dir=${profileDir}`;

/** True when `pid` is a browser running on `profileDir`: a pid alone may have been reused. */
export async function runsProfile(pid: number, profileDir: string): Promise<boolean> {
  const commandLine = await commandLineOf(pid);
  return commandLine !== undefined && commandLine.includes(profileFlag(profileDir));
}

/** Every process whose arguments name this profile: the browser and any helper it started. */
export async function processesOfProfile(profileDir: string): Promise<number[]> {
  const flag = profileFlag(profileDir);
  if (process.platform === 'linux') {
    const owned = await Promise.all((await procPids()).map(async (pid) => ((await commandLineOf(pid))?.includes(flag) ? pid : 0)));
    return owned.filter((pid) => pid > 0 && pid !== process.pid);
  }
  try {
    const { stdout } =
      process.platform === 'win32'
        ? await execFileAsync('powershell.exe', [
            '-NoProfile',
            '-Command',
            'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.CommandLine)" }',
          ], { maxBuffer: 64 * 1024 * 1024 })
        : await execFileAsync('ps', ['-axo', 'pid=,command='], { maxBuffer: 64 * 1024 * 1024 });
    return stdout
      .split(/\r?\n/)
      .filter((line) => line.includes(flag))
      .map((line) => Number.parseInt(line.trim(), 10))
      .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  } catch {
    return [];
  }
}

async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) {
      return true;
    }
    await sleep(50);
  }
  return condition();
}

/** Waits until the process is gone (a zombie counts as gone); false if it still runs after `timeoutMs`. */
export function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  return waitUntil(async () => !isPidAlive(pid) || (await commandLineOf(pid)) === undefined, timeoutMs);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // a detached child leads its own process group
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Ends the browser and every process it started: the process group on POSIX (politely, then by force),
 * `taskkill /T /F` on Windows; then anything still naming the profile, so nothing keeps it locked.
 */
export async function killProcessTree(pid: number, profileDir: string): Promise<void> {
  if (process.platform === 'win32') {
    await execFileAsync('taskkill', ['/PID', String(pid), '/T', '/F']).catch(() => undefined);
  } else {
    signalGroup(pid, 'SIGTERM');
    const exited = await waitForExit(pid, 3000);
    if (!exited) {
      signalGroup(pid, 'SIGKILL');
    }
  }
  await endProfileProcesses(profileDir);
}

/** Waits for every process naming the profile to end (a closed browser's helpers linger a moment), then ends the rest by force. */
export async function endProfileProcesses(profileDir: string): Promise<void> {
  const gone = await waitUntil(async () => (await processesOfProfile(profileDir)).length === 0, 2000);
  if (!gone) {
    for (const straggler of await processesOfProfile(profileDir)) {
      try {
        process.kill(straggler, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    await waitUntil(async () => (await processesOfProfile(profileDir)).length === 0, 3000);
  }
}
