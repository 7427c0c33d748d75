import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { AgentError } from '../agent/agentError';
import type { OriginRules } from '../agent/originPolicy';
import { mcpFolder, writePrivateFile } from './mcpFolder';

// The developer's origin rules (browserCanvas.agent.allowedOrigins / deniedOrigins), copied by the
// editor for the stdio server that runs without it: the rules hold at every door.

const RULES_FILE = 'origin-rules.json';
const entries = z.array(z.string().max(2000)).max(10_000);
const rulesSchema = z.strictObject({ allowed: entries, denied: entries });

export async function saveOriginRules(storageDir: string, rules: OriginRules): Promise<void> {
  await writePrivateFile(storageDir, RULES_FILE, `${JSON.stringify(rulesSchema.parse(rules), null, 2)}\n`);
}

/**
 * The rules the editor last saved, read at each navigation so a changed setting applies at once. None
 * saved (no editor has run): no rules, as the settings' defaults. A file that cannot be read refuses
 * every navigation rather than guess.
 */
export function loadOriginRules(storageDir: string): OriginRules {
  const file = path.join(mcpFolder(storageDir), RULES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { allowed: [], denied: [] };
    }
    throw unreadable(file);
  }
  try {
    return rulesSchema.parse(JSON.parse(text));
  } catch {
    throw unreadable(file);
  }
}

function unreadable(file: string): AgentError {
  return new AgentError('ORIGIN_BLOCKED', `The developer's origin rules (${file}) cannot be read, so no navigation is allowed. Ask the developer to open the editor with Browser Canvas, which writes them again.`);
}
