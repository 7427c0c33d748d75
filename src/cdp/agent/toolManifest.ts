import { z } from 'zod';
import { toolTitle } from './agentTool';
import { agentTools } from './agentTools';
import { toolInputs } from './toolInputs';

/**
 * package.json's `contributes.languageModelTools`, made from the tool table and its zod inputs, so the
 * editor's copy never drifts from what the tools accept (scripts/toolManifest.ts writes it; a unit
 * test compares).
 */
export function languageModelToolsManifest() {
  return agentTools.map((tool) => ({
    name: tool.name,
    displayName: toolTitle(tool.name),
    toolReferenceName: tool.name,
    canBeReferencedInPrompt: true,
    icon: '$(globe)',
    tags: ['browser', 'browser-canvas'],
    modelDescription: tool.description,
    userDescription: tool.description.split('. ')[0].replace(/\.?$/, '.'),
    inputSchema: withoutDraftKey(z.toJSONSchema(toolInputs[tool.name])),
  }));
}

/** VS Code reads a plain JSON schema; the draft marker only adds noise to package.json. */
function withoutDraftKey(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _draft, ...rest } = schema;
  return rest;
}
