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
    if (!(await isExecutable(configuredPath))) {
      throw new BrowserCanvasError(
        'BROWSER_NOT_FOUND',
        `The browser set in browserCanvas.browserPath (${configuredPath}) does not exist or cannot run.`,
        'Fix the path, or clear the setting to let Browser Canvas find Chrome, Edge or Chromium.',
      );
    }
    return { path: configuredPath, source: 'setting' };
  }
  if (discovered && (await isExecutable(discovered))) {
    return { path: discovered, source: 'discovered' };
  }
  // The finders run `which` and scan system folders: once per process is enough.
  const finders = [new ChromeBrowserFinder(process.env, fs), new EdgeBrowserFinder(process.env, fs)];
  for (const finder of finders) {
    const found: IExecutable[] = await finder.findAll().catch(() => []);
    if (found.length) {
      discovered = found[0].path;
      return { path: discovered, source: 'discovered' };
    }
  }
  throw new BrowserCanvasError('BROWSER_NOT_FOUND', 'No Chrome, Edge or Chromium was found on this machine.', INSTALL_HINT);
}

let discovered: string | undefined;

const isExecutable = (file: string) => fs.access(file, constants.X_OK).then(() => true, () => false);
