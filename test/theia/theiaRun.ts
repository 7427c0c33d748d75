import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { EditorDirs, prepareDirs, repoRoot } from '../../scripts/editor/profile';
import { RunningEditor } from '../integration/runner/editor';
import { startTheiaEditor } from '../integration/runner/theia';
import { killSessionBrowsers } from '../support/sessionBrowsers';

/** One Theia for a test file: the packaged extension in it, a headless Chromium on its workbench. */
export interface TheiaRun {
  readonly dirs: EditorDirs;
  /** The workbench page (a new one after restartBackend). */
  readonly page: Page;
  /** Loads the workbench again: a new plugin host, the same backend. */
  reloadWindow(): Promise<void>;
  /** Stops the whole Theia (backend, plugin host and workbench) and starts it again on the same folders. */
  restartBackend(): Promise<void>;
  /** Saves a screenshot of the workbench when `test` failed, and says where it and Theia's log are. */
  screenshotIfFailed(test: Mocha.Test | undefined): Promise<void>;
  /** Stops Theia and the session browsers it started. */
  stop(): Promise<void>;
}

export async function startTheiaRun(name: string, settings: Record<string, unknown> = {}): Promise<TheiaRun> {
  const vsix = path.join(repoRoot, 'browser-canvas.vsix');
  assert.ok(existsSync(vsix), `${vsix} is missing: make it with npm run package`);
  const dirs = prepareDirs(path.join(repoRoot, '.test-runs', `theia-${name}-${Date.now()}`), settings);
  let editor: RunningEditor | undefined = await startTheiaEditor(dirs, {}, vsix);
  const running = () => {
    assert.ok(editor, 'Theia is not running');
    return editor;
  };
  return {
    dirs,
    get page() {
      return running().page!;
    },
    reloadWindow: () => running().restartExtensionHost!(),
    restartBackend: async () => {
      await running().stop();
      editor = undefined;
      editor = await startTheiaEditor(dirs, {});
    },
    screenshotIfFailed: async (test) => {
      if (test?.state === 'failed' && editor?.page) {
        const file = path.join(dirs.root, `failed-${test.title.replace(/\W+/g, '-').slice(0, 80)}.png`);
        await editor.page.screenshot({ path: file }).catch(() => undefined);
        console.log(`    screenshot: ${file}\n    Theia's log: ${path.join(dirs.root, 'theia.log')}`);
      }
    },
    stop: async () => {
      await editor?.stop();
      editor = undefined;
      await killSessionBrowsers(dirs.userData);
    },
  };
}
