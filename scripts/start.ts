// `npm start`: a real editor with Browser Canvas loaded and one live session. VS Code when its `code`
// command is installed; otherwise code-server on loopback, whose address is printed. The editor
// profile lives in .demo/ and is kept, so sessions started here come back on the next start.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCodeServer } from './editor/codeServer';
import { installExtension, prepareDirs, repoRoot } from './editor/profile';

const startUrl = process.argv[2] ?? pathToFileURL(path.join(repoRoot, 'demo', 'welcome.html')).href;
const settings = { 'browserCanvas.openOnStartup': startUrl };

function hasVSCode(): boolean {
  try {
    execFileSync('code', ['--version'], { stdio: 'ignore' });
    return process.env.BROWSER_CANVAS_EDITOR !== 'code-server';
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
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
  const server = await startCodeServer(dirs, {}, Number(process.env.PORT ?? 8080));
  console.log(`\nBrowser Canvas is running in VS Code (code-server). Open this address in your browser:\n\n  ${server.url}\n`);
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

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
