import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { codexSnippet, commandLine, ConfigMergeError, JSON_CONFIG_CLIENTS, JsonConfigClient, mcpCommand, mergeJsonConfig } from '../../src/extension/mcp/clientConfigs';

/** Each client's documented config format, as a JSON schema (test/fixtures/mcpClients). */
function documentedFormat(client: JsonConfigClient): z.ZodType {
  return z.fromJSONSchema(JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'mcpClients', `${client}.schema.json`), 'utf8')));
}

// A path with a space and a quote, as on a real machine; a backslash, as on Windows.
const command = mcpCommand("/home/ada/.vscode/extensions/browser-canvas-0.1.0/dist/mcp.js", "/home/ada/.config/Code/User/globalStorage/Ada's \\ storage");
const TOKEN_LIKE = /[0-9a-f]{64}|token|authorization|bearer/i;

describe('Connect an Agent: client configs', function () {
  for (const client of Object.keys(JSON_CONFIG_CLIENTS) as JsonConfigClient[]) {
    const { file, key } = JSON_CONFIG_CLIENTS[client];

    it(`${client}: a new ${file} fits the documented format, starts dist/mcp.js, and holds no token`, function () {
      const text = mergeJsonConfig(client, undefined, command);
      const config = JSON.parse(text);
      const checked = documentedFormat(client).safeParse(config);
      assert.ok(checked.success, checked.error?.message);
      const entry = config[key]['browser-canvas'];
      assert.deepEqual([entry.command, ...entry.args], ['node', command.args[0], '--storage', command.args[2]]);
      assert.doesNotMatch(text, TOKEN_LIKE);
    });

    it(`${client}: keeps every other entry of an existing ${file}, and replaces only ours`, function () {
      const existing = { [key]: { other: client === 'vscode' ? { type: 'stdio', command: 'uvx', args: ['fetch'] } : { command: 'uvx', args: ['fetch'] }, 'browser-canvas': { command: 'old' } } };
      const merged = JSON.parse(mergeJsonConfig(client, JSON.stringify(existing), command));
      assert.deepEqual(merged[key].other, existing[key].other);
      assert.equal(merged[key]['browser-canvas'].args[0], command.args[0]);
      assert.ok(documentedFormat(client).safeParse(merged).success);
    });

    it(`${client}: leaves a file with comments or another shape alone, saying why`, function () {
      assert.throws(() => mergeJsonConfig(client, `{ // mine\n "${key}": {} }`, command), (error) => error instanceof ConfigMergeError && /left alone/.test(error.message));
      assert.throws(() => mergeJsonConfig(client, `{ "${key}": [] }`, command), ConfigMergeError);
    });
  }

  it('codex: a config.toml table in its documented form, with strings TOML reads back exactly', function () {
    const snippet = codexSnippet(command);
    const lines = snippet.trimEnd().split('\n');
    assert.equal(lines[0], '[mcp_servers.browser-canvas]');
    assert.equal(lines[1], 'command = "node"');
    const args = /^args = \[(.*)\]$/.exec(lines[2]);
    assert.ok(args, lines[2]);
    // TOML basic strings escape as JSON does for these characters; read them back as JSON.
    assert.deepEqual(JSON.parse(`[${args[1]}]`), command.args);
    assert.doesNotMatch(snippet, TOKEN_LIKE);
  });

  it('other clients: one shell line that quotes what needs quoting', function () {
    assert.equal(commandLine(command), `node ${command.args[0]} --storage '/home/ada/.config/Code/User/globalStorage/Ada'\\''s \\ storage'`);
  });
});
