// The map of rooms (docs/architecture.md), enforced: every import in src/ must be one its room may make.
// Run by `npm run typecheck` (so by `npm test`); exits 1 naming each forbidden import.
// Usage: node scripts/checkRooms.mjs [root]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));


/**
 * Each room: its folder, the rooms it may import from, and which packages. The Node rooms never import
 * `vscode` (only the editor glue does); the webview imports no Node module and nothing of the host's.
 */
const ROOMS = [
  // The one contract between the host and the webview, and the shapes both sides share: it imports
  // nothing but itself and zod, and the webview takes it as types and plain values.
  { name: 'contract', folder: 'src/contract', rooms: ['contract'], packages: (name) => name === 'zod' },
  // Functions sent to pages as source text: nothing of theirs may come from elsewhere at run time, so
  // they import types only (scripts/checkPageSide.mjs checks each function uses nothing outside itself).
  { name: 'pageSide', folder: 'src/cdp/pageSide', rooms: ['pageSide'], packages: () => false, typesOnly: true },
  // The session layer knows nothing of the canvas but the shapes it makes for it (types only).
  { name: 'cdp', folder: 'src/cdp', rooms: ['cdp', 'pageSide'], typesFrom: ['contract'], packages: (name) => name !== 'vscode' },
  // The canvas's host side: which tiles stream, input to pages, the frame socket. Node, no editor.
  { name: 'canvasHost', folder: 'src/canvasHost', rooms: ['canvasHost', 'cdp', 'contract'], packages: (name) => name !== 'vscode' },
  { name: 'extension', folder: 'src/extension', rooms: ['extension', 'canvasHost', 'cdp', 'contract'], packages: () => true },
  {
    name: 'webview',
    folder: 'src/webview',
    rooms: ['webview', 'contract'],
    packages: (name) => !NODE_BUILTINS.has(name) && name !== 'vscode' && !name.startsWith('puppeteer'),
  },
];

function roomOf(file) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  return ROOMS.find((room) => relative.startsWith(`${room.folder}/`))?.name;
}

function* sourceFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return; // a tree without this room
  }
  for (const entry of entries) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      yield* sourceFiles(full);
    } else if (/\.tsx?$/.test(entry)) {
      yield full;
    }
  }
}

// import … from 'x', import 'x', export … from 'x', import('x'), require('x')
const SPECIFIERS = /(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/gm;

function resolveRelative(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // not this one
    }
  }
  return base;
}

/** Folders inside a room that may not import another: the agent replays flows, so the recorder may not use the agent (what both use lives in src/cdp/action). */
const ONE_WAY = [{ from: 'src/cdp/recorder/', to: 'src/cdp/agent/', why: 'what the agent and the recorder share lives in src/cdp/action' }];

const problems = [];
for (const room of ROOMS) {
  for (const file of sourceFiles(path.join(root, room.folder))) {
    const own = roomOf(file);
    if (own !== room.name) {
      continue; // a room inside this one's folder (src/cdp/pageSide) is checked by its own rules
    }
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const match of text.matchAll(SPECIFIERS)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      const where = `${path.relative(root, file)}: '${specifier}'`;
      const typeImport = /^\s*(?:import|export)\s+type\s/.test(match[0].replace(/^[;\s]/, ''));
      if (room.typesOnly && !typeImport) {
        problems.push(`${where}: the ${room.name} room imports types only (its code runs in pages, as source text)`);
        continue;
      }
      if (specifier.startsWith('.')) {
        const target = roomOf(resolveRelative(file, specifier));
        const allowed = target === own || room.rooms.includes(target) || (typeImport && room.typesFrom?.includes(target));
        if (!allowed) {
          const typesOnly = room.typesFrom?.includes(target) ? ' (types only may cross)' : '';
          problems.push(`${where} crosses from the ${own} room into ${target ?? 'outside src'}${typesOnly}`);
        }
        const fromPath = path.relative(root, file).split(path.sep).join('/');
        const toPath = path.relative(root, resolveRelative(file, specifier)).split(path.sep).join('/');
        for (const rule of ONE_WAY.filter((edge) => fromPath.startsWith(edge.from) && toPath.startsWith(edge.to))) {
          problems.push(`${where}: ${rule.from} may not import ${rule.to} (${rule.why})`);
        }
      } else {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        if (!room.packages(name)) {
          problems.push(`${where}: the ${room.name} room may not import ${name}`);
        }
      }
    }
  }
}

// Calls kept to one file, which adds what every call needs (the why is in that file).
const ONE_PLACE = [{ call: /\b(?:showQuickPick|showInputBox|createQuickPick|createInputBox)\s*\(/, file: 'src/extension/prompts.ts' }];
for (const file of sourceFiles(path.join(root, 'src'))) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  for (const rule of ONE_PLACE.filter((entry) => entry.file !== relative && entry.call.test(text))) {
    problems.push(`${relative}: ${text.match(rule.call)[0].replace(/\s*\($/, '')} only in ${rule.file}`);
  }
}

if (problems.length) {
  console.error(`Room boundaries (docs/architecture.md) broken in ${problems.length} place(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('[rooms] every import stays within its room');
