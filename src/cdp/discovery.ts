import { promises as fs, constants } from 'node:fs';
import { ChromeBrowserFinder, EdgeBrowserFinder, IExecutable } from '@vscode/js-debug-browsers';
import { BrowserCanvasError } from './errors';

export interface FoundBrowser {
  readonly path: string;
  readonly source: 'setting' | 'discovered';
}

const INSTALL_HINT =
  'Install Chrome, Edge or Chromium (on Debian/Ubuntu: sudo apt-get install chromium), ' +
  'or set browserCanvas.browserPath to a Chromium-based browser.';

/**
 * The browser to launch: the configured path when given (and it must then exist), otherwise the best
 * stable Chrome, Edge or Chromium installed on this machine (vscode-js-debug's own finders).
 */
export async function findBrowser(configuredPath?: string): Promise<FoundBrowser> {
  if (configuredPath) {
    try {
      await fs.access(configuredPath, constants.X_OK);
    } catch {
      throw new BrowserCanvasError(
        'BROWSER_NOT_FOUND',
        `The browser set in browserCanvas.browserPath (${configuredPath}) does not exist or cannot run.`,
        'Fix the path, or clear the setting to let Browser Canvas find Chrome, Edge or Chromium.',
      );
    }
    return { path: configuredPath, source: 'setting' };
  }
  const finders = [new ChromeBrowserFinder(process.env, fs), new EdgeBrowserFinder(process.env, fs)];
  for (const finder of finders) {
    const found: IExecutable[] = await finder.findAll().catch(() => []);
    if (found.length) {
      return { path: found[0].path, source: 'discovered' };
    }
  }
  throw new BrowserCanvasError('BROWSER_NOT_FOUND', 'No Chrome, Edge or Chromium was found on this machine.', INSTALL_HINT);
}
