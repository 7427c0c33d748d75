import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { RunningEditor } from './editor';
import { EditorDirs, installHostRunner, repoRoot } from '../../../scripts/editor/profile';

/**
 * VS Code desktop from @vscode/test-electron (needs to download VS Code): our extension loaded from the
 * repository as a development extension, the in-editor test runner beside it.
 */
export async function startVSCodeDesktop(dirs: EditorDirs, env: Record<string, string>): Promise<RunningEditor> {
  const executable = await downloadAndUnzipVSCode(process.env.BROWSER_CANVAS_VSCODE_VERSION ?? 'stable');
  const hostRunner = installHostRunner(dirs.extensions);
  const child = spawn(
    executable,
    [
      `--extensionDevelopmentPath=${repoRoot}`,
      `--extensionDevelopmentPath=${hostRunner}`,
      `--user-data-dir=${dirs.userData}`,
      `--extensions-dir=${path.join(dirs.root, 'no-other-extensions')}`,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--new-window',
      dirs.workspace,
    ],
    { detached: true, stdio: 'ignore', env: { ...process.env, ...env } },
  );
  return {
    description: `VS Code at ${executable}`,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
