import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { languageModelToolsManifest } from '../../src/cdp/agent/toolManifest';

describe('language model tool manifest', () => {
  it('package.json declares exactly the tools, descriptions and input schemas the code has (npm run tools:manifest)', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolsManifest());
    for (const tool of manifest.contributes.languageModelTools) {
      assert.match(tool.name, /^[a-z]+(_[a-z]+){1,2}$/, 'tools are named {verb}_{noun}, the noun of one or two words');
    }
  });
});
