import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../errors';
import { findLiveEndpoint } from './liveEndpoint';
import { serveStandalone } from './standaloneServer';
import { relayStdio } from './stdioRelay';

// dist/mcp.js: `node dist/mcp.js --storage <the extension's global storage folder>`, started by an MCP
// client (Claude Code, Codex, Cursor…). Stdout carries the protocol alone; what we have to say goes to
// stderr, which clients show in their logs.

const USAGE = 'Usage: node mcp.js --storage <Browser Canvas global storage folder>';

function log(message: string): void {
  process.stderr.write(`[browser-canvas mcp] ${message}\n`);
}

function storageArgument(argv: readonly string[]): string {
  const at = argv.indexOf('--storage');
  const dir = at >= 0 ? argv[at + 1] : undefined;
  if (!dir) {
    throw new Error(`--storage is missing. ${USAGE}`);
  }
  return path.resolve(dir);
}

/** The extension's version, from the package.json beside dist/. */
function version(): string {
  try {
    return String(JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version);
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  // A page's failure in a fire-and-forget CDP call must not end the agent's server (Node's default).
  process.on('unhandledRejection', (error) => log(`Ignored a failure no call was waiting for: ${errorMessage(error)}`));
  const storageDir = storageArgument(process.argv.slice(2));
  const endpoint = await findLiveEndpoint(storageDir);
  if (endpoint) {
    log(`Relaying to the editor's MCP server (pid ${endpoint.pid}).`);
    await relayStdio(storageDir, endpoint, log);
  } else {
    log('No editor with Browser Canvas is serving MCP: serving on stdio alone.');
    await serveStandalone(storageDir, version());
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(errorMessage(error));
    process.exit(1);
  },
);
