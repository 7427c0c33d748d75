import { chmodSync, constants, promises as fs, mkdirSync } from 'node:fs';
import { BrowserCanvasError } from './errors';

const NOT_OURS_TO_WRITE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Makes `dir` (0700) if needed and checks that we may write in it. Without this, a folder we cannot
 * write surfaced as "locked by another window" once the registry lock had retried for 23 seconds.
 */
export async function ensureWritableFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && NOT_OURS_TO_WRITE.has(code)) {
      throw new BrowserCanvasError(
        'STORAGE_NOT_WRITABLE',
        `Browser Canvas cannot write its storage folder ${dir} (${code === 'EROFS' ? 'the disk is read-only' : 'permission denied'}).`,
        'Give your user write access to that folder (its owner or mode may have changed), then try again.',
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Makes `dir` 0700, as everything under global storage holds sessions' secrets (cookies, logs,
 * downloads). The editor makes the extension's storage folder with its default mode. A folder we
 * cannot change is left for ensureWritableFolder to report when it matters.
 */
export function makePrivateFolderSync(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch {
    // reported by the first write
  }
}

/**
 * Runs `start` (a synchronous spawn) under umask 077, so what the child creates (Chromium's profile
 * files, its downloads) is 0600 / 0700 whatever the editor's umask. Synchronous: no other code of
 * ours runs while the umask is changed.
 */
export function withPrivateUmask<T>(start: () => T): T {
  if (process.platform === 'win32') {
    return start();
  }
  const previous = process.umask(0o077);
  try {
    return start();
  } finally {
    process.umask(previous);
  }
}
