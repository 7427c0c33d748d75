import { chmod, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** `<global storage>/mcp`: what the stdio entry reads. Never in a workspace, where it could be committed or shared. */
export function mcpFolder(storageDir: string): string {
  return path.join(storageDir, 'mcp');
}

/** Writes `name` in the mcp folder: folder 0700, file 0600, atomically (a reader never sees half of it). */
export async function writePrivateFile(storageDir: string, name: string, text: string): Promise<string> {
  const dir = mcpFolder(storageDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // mkdir leaves an existing folder's mode alone
  const file = path.join(dir, name);
  await writeFileAtomic(file, text, { mode: 0o600, fsync: true });
  return file;
}
