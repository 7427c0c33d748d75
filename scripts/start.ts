// `npm start`: a real editor with Browser Canvas loaded and one live session. VS Code when its `code`
// command is installed; otherwise code-server on loopback, whose address is printed; with
// `-- --editor theia`, the Theia of tools/theia on loopback (its profile in .demo-theia/). The editor
// profile lives in .demo/ and is kept, so sessions started here come back on the next start.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCodeServer } from './editor/codeServer';
import { installExtension, prepareDirs, repoRoot } from './editor/profile';
import { startTheia, unpackVsix } from './editor/theia';

// `--editor theia` (scripts/start.sh installs Theia and packs the .vsix first); the rest is the URL.
const args = process.argv.slice(2);
const editorAt = args.indexOf('--editor');
const editor = editorAt === -1 ? undefined : args.splice(editorAt, 2)[1];
const startUrl = args[0] ?? pathToFileURL(path.join(repoRoot, 'demo', 'welcome.html')).href;
const settings = { 'browserCanvas.openOnStartup': startUrl };

function hasVSCode(): boolean {
  try {
    execFileSync('code', ['--version'], { stdio: 'ignore' });
    return process.env.BROWSER_CANVAS_EDITOR !== 'code-server';
  } catch {
    return false;
  }
}

/** Prints what to do next and stops the editor on Ctrl+C. */
function announce(server: { url: string; stop(): Promise<void> }, name: string): void {
  console.log(`\nBrowser Canvas is running in ${name}. Open this address in your browser:\n\n  ${server.url}\n`);
  console.log(`The canvas opens with a live session on ${startUrl}; the Browser Canvas view (activity bar) lists the sessions.`);
  console.log('Press Ctrl+C to stop the editor. Browser sessions keep running and come back on the next start;');
  console.log('end them with "Browser Canvas: Terminate All Sessions".');
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  if (editor !== undefined && editor !== 'theia') {
    throw new Error(`Unknown editor "${editor}": use --editor theia, or no --editor for VS Code / code-server.`);
  }
  if (editor === 'theia') {
    const dirs = prepareDirs(path.join(repoRoot, '.demo-theia'), settings);
    unpackVsix(dirs.extensions, path.join(repoRoot, 'browser-canvas.vsix'));
    announce(await startTheia(dirs, {}, Number(process.env.PORT ?? 3000)), 'Theia');
    return;
  }
  const root = path.join(repoRoot, '.demo');
  if (hasVSCode()) {
    const workspace = path.join(root, 'vscode-workspace');
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
    spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, '--new-window', workspace], { stdio: 'inherit', detached: true }).unref();
    console.log(`VS Code is opening ${workspace} with Browser Canvas loaded; a session opens on ${startUrl}.`);
    return;
  }
  const dirs = prepareDirs(root, settings);
  installExtension(dirs.extensions);
  announce(await startCodeServer(dirs, {}, Number(process.env.PORT ?? 8080)), 'VS Code (code-server)');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
