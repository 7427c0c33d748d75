import { chmod, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Writes a file only its owner may read (0600; its folder made 0700 if new): a network log or a
 * trace shows what the developer browsed. A file that was there keeps no wider mode.
 */
export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, data, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** "2026-11-29T12-30-05-123Z": a file name part that sorts by time. */
export function fileTime(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
