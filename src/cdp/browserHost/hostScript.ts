import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { BrowserCanvasError } from '../errors';

/**
 * The host's bundle, `dist/browserHost.js`. Every bundle that launches browsers lives in `dist/` or a
 * folder below it (the extension, the tests, the bench), so it is found by walking up from this one.
 */
export function browserHostScript(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'browserHost.js');
    if (existsSync(candidate)) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new BrowserCanvasError(
        'BROWSER_LAUNCH_FAILED',
        `The browser host (browserHost.js) is missing beside ${from}.`,
        'Reinstall the extension, or run `node esbuild.mjs` in a development copy.',
      );
    }
  }
}
