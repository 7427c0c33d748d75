import { startCodeServer } from '../../../scripts/editor/codeServer';
import { EditorDirs, installExtension, installHostRunner } from '../../../scripts/editor/profile';
import { RunningEditor, showWorkbench } from './editor';

/**
 * code-server with a headless Chromium showing the workbench: its extension host is a real Node one.
 * The extension is copied from this build, unless the caller installed it already (`installed`, e.g. a .vsix).
 */
export async function startCodeServerEditor(dirs: EditorDirs, env: Record<string, string>, options: { installed?: boolean } = {}): Promise<RunningEditor> {
  if (!options.installed) {
    installExtension(dirs.extensions);
  }
  installHostRunner(dirs.extensions);
  const server = await startCodeServer(dirs, env);
  return showWorkbench(server, dirs.root, '.monaco-workbench', `code-server at ${server.url}`);
}
