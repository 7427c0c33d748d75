import { startTheia, unpackVsix } from '../../../scripts/editor/theia';
import { EditorDirs } from '../../../scripts/editor/profile';
import { RunningEditor, showWorkbench } from './editor';

/**
 * Theia (tools/theia, scripts/installTheia.sh) with a headless Chromium showing its workbench: the
 * extension runs in Theia's VS Code plugin host, installed from `vsix` as a user's plugin folder
 * (without `vsix`: as a previous start installed it, for a Theia started again on the same folders).
 */
export async function startTheiaEditor(dirs: EditorDirs, env: Record<string, string>, vsix?: string): Promise<RunningEditor> {
  if (vsix) {
    unpackVsix(dirs.extensions, vsix);
  }
  const server = await startTheia(dirs, env);
  // The shell is attached before plugins start; the tests wait for what they need.
  return showWorkbench(server, dirs.root, '#theia-app-shell', `Theia at ${server.url}`);
}
