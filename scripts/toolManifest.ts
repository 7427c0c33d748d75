// Writes package.json's contributes.languageModelTools from src/cdp/agent (npm run tools:manifest).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { languageModelToolsManifest } from '../src/cdp/agent/toolManifest';

const file = path.join(__dirname, '..', '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8'));
manifest.contributes.languageModelTools = languageModelToolsManifest();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${manifest.contributes.languageModelTools.length} tools to ${file}`);
