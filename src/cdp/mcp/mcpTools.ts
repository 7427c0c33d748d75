import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { AgentTool, toolTitle } from '../agent/agentTool';
import { fenceUntrusted, toolErrorText } from '../agent/toolResultText';

// The tool table as MCP shows it: hints from the table's own flags, results as MCP content.

/** MCP's hints default to the cautious side (not read-only, destructive, open world): say each one. */
export function toolAnnotations(tool: AgentTool): ToolAnnotations {
  return {
    title: toolTitle(tool.name),
    readOnlyHint: !tool.sideEffect,
    destructiveHint: tool.destructive ?? false,
    openWorldHint: tool.openWorld ?? false,
  };
}

/** The tool's text, then page content inside the untrusted fence, then what the developer did meanwhile (fenced too), then the screenshot, then the pictures of elements the developer pointed at. */
export function toCallToolResult(output: Awaited<ReturnType<AgentTool['run']>>): CallToolResult {
  const content: CallToolResult['content'] = [{ type: 'text', text: output.text }];
  if (output.untrusted) {
    content.push({ type: 'text', text: fenceUntrusted(output.untrusted) });
  }
  if (output.meanwhile) {
    content.push({ type: 'text', text: fenceUntrusted(output.meanwhile) });
  }
  if (output.image) {
    content.push({ type: 'image', data: output.image.toString('base64'), mimeType: 'image/png' });
  }
  for (const picture of output.pictures ?? []) {
    content.push({ type: 'text', text: picture.caption }, { type: 'image', data: picture.jpeg.toString('base64'), mimeType: 'image/jpeg' });
  }
  return { content };
}

/** A failed call is a result the model reads (what to try instead), not a protocol error. */
export function errorResult(error: unknown): CallToolResult {
  return { content: [{ type: 'text', text: toolErrorText(error) }], isError: true };
}
