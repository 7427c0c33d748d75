import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { EditorDirs, prepareDirs, repoRoot } from '../../scripts/editor/profile';
import { startCodeServerEditor } from '../integration/runner/codeServer';
import { RunningEditor } from '../integration/runner/editor';
import { killSessionBrowsers } from '../support/sessionBrowsers';

/** One code-server for a test file: the extension in it, a headless Chromium on its workbench. */
export interface CodeServerRun {
  readonly dirs: EditorDirs;
  readonly editor: RunningEditor;
  /** The workbench page. */
  readonly page: Page;
  /** When `test` failed: saves a screenshot of the workbench and prints where, with `state()`'s account beside it (the tiles, the strip). */
  screenshotIfFailed(test: Mocha.Test | undefined, state: () => Promise<string>): Promise<void>;
  /** Stops code-server and the session browsers it started. */
  stop(): Promise<void>;
}

export interface CodeServerRunOptions {
  /** The extension host's environment (a test-only switch). */
  readonly env?: Record<string, string>;
  /** Done on the prepared folders before the editor starts (a .vsix installed, an agent run before the editor). */
  readonly beforeStart?: (dirs: EditorDirs) => Promise<void>;
  /** The extension is already in `dirs.extensions` (from a .vsix): do not install the build. */
  readonly installed?: boolean;
}

export async function startCodeServerRun(name: string, settings: Record<string, unknown>, options: CodeServerRunOptions = {}): Promise<CodeServerRun> {
  const dirs = prepareDirs(path.join(repoRoot, '.test-runs', `${name}-${Date.now()}`), settings);
  let editor: RunningEditor;
  try {
    await options.beforeStart?.(dirs);
    editor = await startCodeServerEditor(dirs, options.env ?? {}, { installed: options.installed });
  } catch (error) {
    await killSessionBrowsers(dirs.userData); // what beforeStart opened, with no run to stop it
    throw error;
  }
  const page = editor.page!;
  return {
    dirs,
    editor,
    page,
    screenshotIfFailed: async (test, state) => {
      if (test?.state === 'failed') {
        const file = path.join(dirs.root, `failed-${test.title.replace(/\W+/g, '-').slice(0, 80)}.png`);
        await page.screenshot({ path: file }).catch(() => undefined);
        console.log(`    screenshot: ${file}\n    ${await state().catch((error: Error) => error.message)}`);
      }
    },
    stop: async () => {
      await editor.stop();
      await killSessionBrowsers(dirs.userData);
    },
  };
}
