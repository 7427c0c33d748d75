import { readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { IDisposable, toDisposable } from '../disposable';

/** Where a running editor's MCP server can be reached: the stdio entry relays to it. Holds a secret. */
const endpointSchema = z.strictObject({
  port: z.number().int().min(1).max(65_535),
  token: z.string().regex(/^[0-9a-f]{64}$/),
  pid: z.number().int().positive(),
});
export type McpEndpoint = z.infer<typeof endpointSchema>;

/** `<global storage>/mcp/endpoint.json`: never in a workspace, where it could be committed or shared. */
export function endpointFilePath(storageDir: string): string {
  return path.join(storageDir, 'mcp', 'endpoint.json');
}

/**
 * Writes the endpoint (folder 0700, file 0600, atomically, so a reader never sees half of it) and
 * removes it on dispose, unless another window has written its own since.
 */
export async function publishEndpoint(storageDir: string, endpoint: McpEndpoint): Promise<IDisposable> {
  const file = endpointFilePath(storageDir);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await chmod(path.dirname(file), 0o700); // mkdir leaves an existing folder's mode alone
  await writeFileAtomic(file, `${JSON.stringify(endpoint)}\n`, { mode: 0o600, fsync: true });
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
