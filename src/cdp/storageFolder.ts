import { constants, promises as fs } from 'node:fs';
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
