// Where the cores go during a measurement: CPU time per role (the session's browser, the workbench's
// browser, the extension host, the rest of the editor), read from /proc. Linux only, as the bench is.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_MS = 100 / 1000; // Linux USER_HZ

interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly cmdline: string;
  readonly cpuMs: number;
}

function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      found.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '),
        cpuMs: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS,
      });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * A role is the processes whose command line matches, with all their descendants; roles are claimed in
 * order, so a later role never counts a process an earlier one took. Returns CPU ms so far per role.
 */
export function cpuByRole(roles: ReadonlyArray<readonly [name: string, matches: (cmdline: string) => boolean, withChildren: boolean]>): Map<string, number> {
  const all = processes();
  const claimed = new Map<number, string>();
  for (const [name, matches, withChildren] of roles) {
    let frontier = all.filter((process) => !claimed.has(process.pid) && matches(process.cmdline));
    while (frontier.length > 0) {
      frontier.forEach((process) => claimed.set(process.pid, name));
      const parents = new Set(frontier.map((process) => process.pid));
      frontier = withChildren ? all.filter((process) => !claimed.has(process.pid) && parents.has(process.ppid)) : [];
    }
  }
  const totals = new Map(roles.map(([name]) => [name, 0]));
  for (const process of all) {
    const role = claimed.get(process.pid);
    if (role) {
      totals.set(role, totals.get(role)! + process.cpuMs);
    }
  }
  return totals;
}

/** The pid of the one process whose command line matches. */
export function processMatching(matches: (cmdline: string) => boolean): number {
  const found = processes().filter((process) => matches(process.cmdline));
  if (found.length !== 1) {
    throw new Error(`expected one matching process, found ${found.length}`);
  }
  return found[0].pid;
}

/** CPU ms per role spent between two readings. */
export function cpuSpent(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}
