import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tempStorage } from './support';

const CHECK = path.join(__dirname, '..', '..', '..', 'scripts', 'checkRooms.mjs');

/** A tree of src/ files (path -> text), checked as `npm run typecheck` checks ours. */
function check(files: Record<string, string>) {
  const root = tempStorage('bc-rooms-');
  for (const [file, text] of Object.entries({ 'src/cdp/ok.ts': '', 'src/extension/ok.ts': '', 'src/webview/ok.ts': '', ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return spawnSync(process.execPath, [CHECK, root], { encoding: 'utf8' });
}

describe('room boundaries', function () {
  it('passes on this repository', () => {
    const result = spawnSync(process.execPath, [CHECK, path.join(__dirname, '..', '..', '..')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  for (const [what, files, expected] of [
    ['vscode in src/cdp', { 'src/cdp/page.ts': "import * as vscode from 'vscode';" }, /src\/cdp\/page\.ts: 'vscode': the cdp room may not import vscode/],
    ['the editor glue from src/cdp', { 'src/cdp/page.ts': "export { x } from '../extension/ok';" }, /crosses from the cdp room into extension/],
    ['a host file from the webview', { 'src/webview/tile.ts': "import type { LivePage } from '../cdp/ok';" }, /crosses from the webview room into cdp/],
    ['a Node module in the webview', { 'src/webview/tile.ts': "const fs = require('node:fs');" }, /the webview room may not import node:fs/],
    ['a value imported into the page side', { 'src/cdp/pageSide/a.ts': 'export const A = 1;', 'src/cdp/pageSide/b.ts': "import { A } from './a';" }, /pageSide\/b\.ts: '\.\/a': the pageSide room imports types only/],
    ['a host file from the page side', { 'src/cdp/pageSide/b.ts': "import type { Ok } from '../ok';" }, /crosses from the pageSide room into cdp/],
    ['the page side from the editor glue', { 'src/cdp/pageSide/a.ts': '', 'src/extension/panel.ts': "import { a } from '../cdp/pageSide/a';" }, /crosses from the extension room into pageSide/],
    ['the agent from the recorder', { 'src/cdp/agent/abort.ts': '', 'src/cdp/recorder/replay.ts': "import { sleep } from '../agent/abort';" }, /src\/cdp\/recorder\/ may not import src\/cdp\/agent\//],
    ['vscode in the canvas host', { 'src/canvasHost/controller.ts': "import * as vscode from 'vscode';" }, /the canvasHost room may not import vscode/],
    ['the editor glue from the canvas host', { 'src/canvasHost/controller.ts': "import { panel } from '../extension/ok';" }, /crosses from the canvasHost room into extension/],
    ['the canvas host from src/cdp', { 'src/canvasHost/controller.ts': '', 'src/cdp/page.ts': "import { c } from '../canvasHost/controller';" }, /crosses from the cdp room into canvasHost/],
    ['a webview file from the host', { 'src/webview/tile.ts': '', 'src/extension/panel.ts': "import { Tile } from '../webview/tile';" }, /crosses from the extension room into webview/],
    ['a value of the contract in src/cdp', { 'src/contract/protocol.ts': 'export const KINDS = [];', 'src/cdp/page.ts': "import { KINDS } from '../contract/protocol';" }, /crosses from the cdp room into contract \(types only may cross\)/],
    ['the webview from the contract', { 'src/webview/tile.ts': '', 'src/contract/protocol.ts': "import type { Tile } from '../webview/tile';" }, /crosses from the contract room into webview/],
    ['a package but zod in the contract', { 'src/contract/protocol.ts': "import { Page } from 'puppeteer-core';" }, /the contract room may not import puppeteer-core/],
    ['a quick pick shown outside prompts.ts', { 'src/extension/pick.ts': "void vscode.window.showQuickPick(['a']);" }, /src\/extension\/pick\.ts: showQuickPick only in src\/extension\/prompts\.ts/],
    ['an input box made outside prompts.ts', { 'src/extension/ask.ts': 'const box = vscode.window.createInputBox ();' }, /src\/extension\/ask\.ts: createInputBox only in src\/extension\/prompts\.ts/],
  ] as const) {
    it(`fails on ${what}`, () => {
      const result = check(files);
      assert.equal(result.status, 1, result.stdout);
      assert.match(result.stderr, expected);
    });
  }

  it('lets prompts.ts show quick picks, and a comment elsewhere name them', () => {
    const result = check({ 'src/extension/prompts.ts': "void vscode.window.showQuickPick(['a']);", 'src/extension/ok.ts': '// not showInputBox() itself' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('lets src/cdp import page-side functions, and the page side share types', () => {
    const result = check({ 'src/cdp/pageSide/a.ts': 'export type A = 1; export function f() {}', 'src/cdp/pageSide/b.ts': "import type { A } from './a';", 'src/cdp/page.ts': "import { f } from './pageSide/a';" });
    assert.equal(result.status, 0, result.stderr);
  });

  it('lets the host and the webview import the contract, and src/cdp its types', () => {
    const result = check({
      'src/contract/protocol.ts': "import { z } from 'zod'; import type { Box } from './shapes';",
      'src/contract/shapes.ts': 'export interface Box { x: number }',
      'src/extension/panel.ts': "import { parseWebviewMessage } from '../contract/protocol';",
      'src/webview/app.ts': "import type { HostMessage } from '../contract/protocol';",
      'src/cdp/page.ts': "import type { Box } from '../contract/shapes';",
    });
    assert.equal(result.status, 0, result.stderr);
  });
});

const CHECK_PAGE_SIDE = path.join(__dirname, '..', '..', '..', 'scripts', 'checkPageSide.mjs');

/** Page-side files checked as `npm run typecheck` checks ours: each function is sent to a page as its source text. */
function checkPageSide(files: Record<string, string>) {
  const root = tempStorage('bc-page-side-');
  const tsconfig = { compilerOptions: { target: 'ES2022', module: 'node16', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true }, include: ['src/cdp/pageSide'] };
  for (const [file, text] of Object.entries({ 'tsconfig.json': JSON.stringify(tsconfig), ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return spawnSync(process.execPath, [CHECK_PAGE_SIDE, path.join(root, 'tsconfig.json')], { encoding: 'utf8', cwd: root });
}

describe('page-side functions', function () {
  // Each run builds a TypeScript program with the DOM's types: seconds, more on a busy machine.
  this.timeout(180_000);

  it('are all self-contained in this repository', () => {
    const result = spawnSync(process.execPath, [CHECK_PAGE_SIDE, path.join(__dirname, '..', '..', '..', 'tsconfig.pageSide.json')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('fail on a function that uses a module constant, a sibling or an import, and pass one that uses its own locals, parameters, types and the browser\'s globals', () => {
    const result = checkPageSide({
      'src/cdp/pageSide/limits.ts': 'export const LIMIT = 3;',
      'src/cdp/pageSide/constant.ts': 'const LIMIT = 3;\nexport function count(this: Element) { return this.children.length > LIMIT; }',
      'src/cdp/pageSide/sibling.ts': 'function box(element: Element) { return element.getBoundingClientRect(); }\nexport function measure(this: Element) { return box(this).width; }',
      'src/cdp/pageSide/imported.ts': "import { LIMIT } from './limits';\nexport const many = function (this: Element) { return this.children.length > LIMIT; };",
      'src/cdp/pageSide/clean.ts': 'interface Box { width: number }\nexport function padded(this: Element, extra: number): Box { const style = getComputedStyle(this); return { width: this.getBoundingClientRect().width + extra + parseFloat(style.paddingLeft) }; }',
    });
    assert.equal(result.status, 1, result.stdout);
    assert.match(result.stderr, /constant\.ts:2: count uses LIMIT, declared outside it/);
    assert.match(result.stderr, /sibling\.ts:2: measure uses box, declared outside it/);
    assert.match(result.stderr, /imported\.ts:2: many uses LIMIT, declared outside it/);
    assert.doesNotMatch(result.stderr, /clean\.ts/);
  });
});
