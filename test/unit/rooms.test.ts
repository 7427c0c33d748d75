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
    ['a webview file other than the contract from the host', { 'src/webview/protocol.ts': '', 'src/webview/tile.ts': '', 'src/extension/panel.ts': "import { Tile } from '../webview/tile';" }, /crosses from the extension room into webview/],
  ] as const) {
    it(`fails on ${what}`, () => {
      const result = check(files);
      assert.equal(result.status, 1, result.stdout);
      assert.match(result.stderr, expected);
    });
  }

  it('lets the host import the contract, and the webview use it', () => {
    const result = check({ 'src/webview/protocol.ts': "import { z } from 'zod';", 'src/extension/panel.ts': "import type { HostMessage } from '../webview/protocol';", 'src/webview/app.ts': "import type { HostMessage } from './protocol';" });
    assert.equal(result.status, 0, result.stderr);
  });
});
