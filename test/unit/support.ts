import { mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogHub } from '../../src/cdp/logging';
import { SessionManager } from '../../src/cdp/sessionManager';
import { startFixtureServer } from '../support/fixtureServer';
export { FORM_PAGE, startFixtureServer } from '../support/fixtureServer';
export { waitFor } from '../support/waitFor';

export interface Settings {
  browserPath?: string;
  logNetwork: boolean;
  allowRemoteEndpoints: boolean;
}

/** A global-storage folder of its own, like the one the editor gives the extension. */
export function tempStorage(prefix = 'bc-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A manager on `storageDir`, as a fresh editor window would make one; `settings` may be changed later. */
export function makeManager(storageDir: string, settings: Settings = { logNetwork: false, allowRemoteEndpoints: false }) {
  const logs = new LogHub(path.join(storageDir, 'logs'));
  const manager = new SessionManager({ storageDir, logs, settings: () => settings });
  return {
    manager,
    logs,
    settings,
    dispose: () => {
      manager.dispose();
      logs.dispose();
    },
  };
}

export async function readLogLines(file: string): Promise<Record<string, unknown>[]> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A live session on one page of a fixture site, for suites that work on that page; `close` ends it all. */
export async function sessionOnPage(pages: Record<string, string>, startPath: string) {
  const site = await startFixtureServer(pages);
  const made = makeManager(tempStorage());
  const sessionId = (await made.manager.create({ url: `${site.url}${startPath}` })).id;
  const [page] = await made.manager.connection(sessionId)!.pages();
  const close = async () => {
    await made.manager.terminate(sessionId);
    made.dispose();
    await site.close();
  };
  return { site, manager: made.manager, sessionId, page, close };
}
