import { MCP_SERVER_NAME } from '../../cdp/mcp/mcpServer';

// How each MCP client is told to start Browser Canvas's server: `node <dist/mcp.js> --storage <dir>`,
// merged into that client's project config without touching its other entries. No import of
// `vscode` (unit-tested as it is). A config never holds a token: the server finds the editor's
// through the 0600 endpoint file in the storage folder.

export interface McpCommand {
  readonly command: 'node';
  readonly args: readonly string[];
}

export function mcpCommand(mcpScript: string, storageDir: string): McpCommand {
  return { command: 'node', args: [mcpScript, '--storage', storageDir] };
}

/** The clients whose project config is a JSON file we can write: where it lives, how it nests servers. */
export const JSON_CONFIG_CLIENTS = {
  'claude-code': { label: 'Claude Code', file: '.mcp.json', key: 'mcpServers', entry: (command: McpCommand) => ({ command: command.command, args: command.args }) },
  cursor: { label: 'Cursor', file: '.cursor/mcp.json', key: 'mcpServers', entry: (command: McpCommand) => ({ command: command.command, args: command.args }) },
  vscode: { label: 'VS Code (Copilot agent mode)', file: '.vscode/mcp.json', key: 'servers', entry: (command: McpCommand) => ({ type: 'stdio', command: command.command, args: command.args }) },
} as const;
export type JsonConfigClient = keyof typeof JSON_CONFIG_CLIENTS;

export class ConfigMergeError extends Error {}

/**
 * The client's config with our server added (or replaced), every other key and server kept.
 * `existing` undefined: a new file. Refuses what is not a plain JSON object (comments included)
 * rather than rewrite the developer's file lossily.
 */
export function mergeJsonConfig(client: JsonConfigClient, existing: string | undefined, command: McpCommand): string {
  const { file, key, entry } = JSON_CONFIG_CLIENTS[client];
  let config: Record<string, unknown> = {};
  if (existing?.trim()) {
    try {
      config = JSON.parse(existing) as Record<string, unknown>;
    } catch {
      throw new ConfigMergeError(`${file} is not plain JSON (comments?), so it was left alone.`);
    }
    if (!isObject(config) || (config[key] !== undefined && !isObject(config[key]))) {
      throw new ConfigMergeError(`${file} does not have the shape its client documents (an object with "${key}"), so it was left alone.`);
    }
  }
  const servers = { ...(config[key] as Record<string, unknown> | undefined), [MCP_SERVER_NAME]: entry(command) };
  return `${JSON.stringify({ ...config, [key]: servers }, null, 2)}\n`;
}

/** Codex keeps its servers in ~/.codex/config.toml: a table to paste (JSON strings are valid TOML basic strings). */
export function codexSnippet(command: McpCommand): string {
  return `[mcp_servers.${MCP_SERVER_NAME}]\ncommand = ${JSON.stringify(command.command)}\nargs = [${command.args.map((arg) => JSON.stringify(arg)).join(', ')}]\n`;
}

/** One line for a shell (POSIX quoting), for any other client. */
export function commandLine(command: McpCommand): string {
  return [command.command, ...command.args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
