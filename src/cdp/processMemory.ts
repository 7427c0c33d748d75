import { promises as fs } from 'node:fs';
import { processTree } from './processes';

/**
 * The memory of a process and all its descendants (a session's browser host, its browser, and the
 * browser's renderers and helpers), in bytes, from /proc: each process's proportional set size
 * (`Pss` in `smaps_rollup`: shared pages split between their users, so a tree's sum is not inflated
 * by the libraries every Chromium process maps), else its resident set (`VmRSS`). Undefined where
 * there is no /proc (macOS, Windows) or the process is gone.
 */
export async function processTreeMemory(rootPid: number): Promise<number | undefined> {
  const tree = await processTree(rootPid);
  if (tree.length === 0) {
    return undefined;
  }
  const sizes = await Promise.all(tree.map(memoryOf));
  return sizes.reduce((sum, size) => sum + size, 0);
}

async function memoryOf(pid: number): Promise<number> {
  const rollup = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
  if (pss) {
    return Number(pss[1]) * 1024;
  }
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return rss ? Number(rss[1]) * 1024 : 0;
}

/** "412 MB" */
export function formatMemory(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
