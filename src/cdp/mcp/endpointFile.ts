import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { IDisposable, toDisposable } from '../disposable';
import { mcpFolder, writePrivateFile } from './mcpFolder';

/** Where a running editor's MCP server can be reached: the stdio entry relays to it. Holds a secret. */
const endpointSchema = z.strictObject({
  port: z.number().int().min(1).max(65_535),
  token: z.string().regex(/^[0-9a-f]{64}$/),
  pid: z.number().int().positive(),
});
export type McpEndpoint = z.infer<typeof endpointSchema>;

const ENDPOINT_FILE = 'endpoint.json';

export function endpointFilePath(storageDir: string): string {
  return path.join(mcpFolder(storageDir), ENDPOINT_FILE);
}

/** Writes the endpoint (0600) and removes it on dispose, unless another window has written its own since. */
export async function publishEndpoint(storageDir: string, endpoint: McpEndpoint): Promise<IDisposable> {
  const file = await writePrivateFile(storageDir, ENDPOINT_FILE, `${JSON.stringify(endpoint)}\n`);
  return toDisposable(() => {
    const current = readEndpoint(storageDir);
    if (current?.pid === endpoint.pid && current.port === endpoint.port) {
      rmSync(file, { force: true });
    }
  });
}

/** The endpoint a window published, if the file is there and well formed. */
export function readEndpoint(storageDir: string): McpEndpoint | undefined {
  try {
    const parsed = endpointSchema.safeParse(JSON.parse(readFileSync(endpointFilePath(storageDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
