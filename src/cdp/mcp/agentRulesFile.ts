import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { AgentError } from '../action/agentError';
import type { OriginRules } from '../agent/originPolicy';
import { mcpFolder, writePrivateFile } from './mcpFolder';

// The developer's rules for the agent (browserCanvas.agent.allowedOrigins / deniedOrigins /
// confirmActions / uploadFolders), copied by the editor for the stdio server that runs without it: the rules hold at
// every door.

const RULES_FILE = 'agent-rules.json';
const entries = z.array(z.string().max(2000)).max(10_000).readonly();
const rulesSchema = z.strictObject({ origins: z.strictObject({ allowed: entries, denied: entries, allowFiles: z.boolean().optional() }), confirmActions: z.boolean(), uploadFolders: entries.optional() });
export type AgentRules = z.infer<typeof rulesSchema>;

/** What holds before any editor saved its settings: the settings' defaults. */
const DEFAULT_RULES: AgentRules = { origins: { allowed: [], denied: [] }, confirmActions: true };

export async function saveAgentRules(storageDir: string, rules: AgentRules): Promise<void> {
  await writePrivateFile(storageDir, RULES_FILE, `${JSON.stringify(rulesSchema.parse(rules), null, 2)}\n`);
}

/**
 * The rules the editor last saved, read at each use so a changed setting applies at once. A file that
 * cannot be read refuses every navigation rather than guess.
 */
export function loadAgentRules(storageDir: string): AgentRules {
  const file = path.join(mcpFolder(storageDir), RULES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return DEFAULT_RULES;
    }
    throw unreadable(file);
  }
  try {
    return rulesSchema.parse(JSON.parse(text));
  } catch {
    throw unreadable(file);
  }
}

/** The folders the agent may upload from, for AgentBrowserOptions.uploadFolders (none before an editor saved them). */
export function loadUploadFolders(storageDir: string): readonly string[] {
  return loadAgentRules(storageDir).uploadFolders ?? [];
}

/** The origin rules alone, for AgentBrowserOptions.origins. */
export function loadOriginRules(storageDir: string): OriginRules {
  return loadAgentRules(storageDir).origins;
}

function unreadable(file: string): AgentError {
  return new AgentError('ORIGIN_BLOCKED', `The developer's rules for the agent (${file}) cannot be read, so no navigation is allowed. Ask the developer to open the editor with Browser Canvas, which writes them again.`);
}
