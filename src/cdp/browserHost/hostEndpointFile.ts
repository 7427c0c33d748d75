import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** What a running browser host tells its launcher, and later windows, about itself. */
export interface HostEndpoint {
  /** The host: it leads the process group that holds the browser and every helper it starts. */
  readonly pid: number;
  readonly browserPid: number;
  /** ws://127.0.0.1:PORT/devtools/browser/SECRET */
  readonly wsEndpoint: string;
}

/**
 * Beside the profile, in the session's 0700 folder, mode 0600: like the registry, it holds the secret,
 * so a registry rebuilt from the session folders can still reach a running session.
 */
export function hostEndpointPath(profileDir: string): string {
  return path.join(path.dirname(profileDir), 'browser-host.json');
}

/** Written aside, then renamed: a reader never sees half of it. */
export async function writeHostEndpoint(file: string, endpoint: HostEndpoint): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(endpoint), { mode: 0o600 });
  await fs.rename(temporary, file);
}

export async function readHostEndpoint(file: string): Promise<HostEndpoint | undefined> {
  try {
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<HostEndpoint>;
    const isPid = (pid: unknown) => Number.isInteger(pid) && (pid as number) > 0;
    return isPid(value.pid) && isPid(value.browserPid) && typeof value.wsEndpoint === 'string' ? (value as HostEndpoint) : undefined;
  } catch {
    return undefined;
  }
}
