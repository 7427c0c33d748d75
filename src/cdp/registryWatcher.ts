import { mkdirSync, watch } from 'node:fs';
import type { Logger } from 'pino';
import { IDisposable, toDisposable } from './disposable';
import { errorMessage } from './errors';

/**
 * Calls `onChange` shortly after `registry.json` changes (a burst of writes makes one call). The file is
 * replaced by rename, so the folder is watched, not the file.
 */
export function watchRegistry(storageDir: string, log: Logger, onChange: () => Promise<void>): IDisposable {
  let timer: NodeJS.Timeout | undefined;
  const run = () => void onChange().catch((error) => log.warn({ event: 'registrySyncFailed', error: errorMessage(error) }, 'could not follow the registry'));
  try {
    mkdirSync(storageDir, { recursive: true, mode: 0o700 });
    const watcher = watch(storageDir, (_event, file) => {
      if (file === 'registry.json') {
        clearTimeout(timer);
        timer = setTimeout(run, 100);
      }
    });
    return toDisposable(() => (clearTimeout(timer), watcher.close()));
  } catch (error) {
    log.warn({ event: 'registryWatchFailed', error: errorMessage(error) }, 'other windows\' changes show after Refresh only');
    return toDisposable(() => undefined);
  }
}
