import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FRAME_TRANSPORTS } from '../../src/contract/protocol';

/** The checkout: the nearest folder above this (bundled) file that holds esbuild.mjs. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'esbuild.mjs')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
})();

/** Folders of an editor profile made for one test run: nothing of the person's own editor is touched. */
export interface EditorDirs {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly workspace: string;
  readonly results: string;
}

export function prepareDirs(root: string, extraSettings: Record<string, unknown> = {}): EditorDirs {
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
    results: path.join(root, 'results'),
  };
  for (const dir of Object.values(dirs)) {
    mkdirSync(dir, { recursive: true });
  }
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  // Restricted Mode would keep extensions without untrusted-workspace support disabled.
  // Telemetry off: its failing look-ups on a closed network surface as uncaught errors in the host.
  // AI features off: their helper processes only slow the editor down here.
  const settings = {
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.startupEditor': 'none',
    'git.openRepositoryInParentFolders': 'never',
    ...extraSettings,
  };
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return dirs;
}

/** Our extension as a VSIX install would lay it out: manifest, bundle, media. */
export function installExtension(extensionsDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const item of ['package.json', 'dist/extension.js', 'dist/extension.js.map', 'dist/browserHost.js', 'dist/browserHost.js.map', 'dist/mcp.js', 'dist/mcp.js.map', 'dist/webview', 'media', 'README.md', 'LICENSE']) {
    cpSync(path.join(repoRoot, item), path.join(target, item), { recursive: true });
  }
  return target;
}

/** The in-editor test runner (test/integration/hostRunner), as a second extension beside ours. */
export function installHostRunner(extensionsDir: string): string {
  const target = path.join(extensionsDir, 'browser-canvas.browser-canvas-tests-0.0.0');
  mkdirSync(target, { recursive: true });
  writeFileSync(
    path.join(target, 'package.json'),
    JSON.stringify(
      {
        name: 'browser-canvas-tests',
        publisher: 'browser-canvas',
        version: '0.0.0',
        engines: { vscode: '^1.104.0' },
        activationEvents: ['onStartupFinished'],
        // The scripted language model of test/integration/hostRunner/scriptedModel.ts.
        contributes: {
          languageModelChatProviders: [{ vendor: 'browser-canvas-test', displayName: 'Browser Canvas tests' }],
          commands: [
            { command: 'browserCanvasTests.letAgentAct', title: 'Let the Scripted Agent Act', category: 'Browser Canvas Tests' },
            // For npm run bench, which compares the transports: a settings file written from outside
            // is not always noticed by code-server's workbench, an update through the API is.
            ...FRAME_TRANSPORTS.map((transport) => ({ command: `browserCanvasTests.frameTransport.${transport}`, title: `Send Frames by ${transport}`, category: 'Browser Canvas Tests' })),
            // For the bench's resource policy off / on turns (browserCanvas.resourcePolicy).
            ...['on', 'off'].map((state) => ({ command: `browserCanvasTests.resourcePolicy.${state}`, title: `Resource Policy ${state}`, category: 'Browser Canvas Tests' })),
          ],
        },
        extensionDependencies: ['browser-canvas.browser-canvas'],
        main: './extension.js',
      },
      null,
      2,
    ),
  );
  for (const file of ['extension.js', 'extension.js.map']) {
    cpSync(path.join(repoRoot, 'dist', 'test', 'hostRunner', file), path.join(target, file));
  }
  return target;
}
