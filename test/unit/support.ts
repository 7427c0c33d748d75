import * as assert from 'node:assert/strict';
import { mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogHub } from '../../src/cdp/logging';
import { SessionManager } from '../../src/cdp/sessionManager';
import type { SitePermissions } from '../../src/cdp/sitePermissions';
import { startFixtureServer } from '../support/fixtureServer';
export { ANIMATED_PAGE, FORM_PAGE, ICON_PNG, startFixtureServer } from '../support/fixtureServer';
import type { FixtureResource } from '../support/fixtureServer';
export { waitFor } from '../support/waitFor';

export interface Settings {
  browserPath?: string;
  logNetwork: boolean;
  allowRemoteEndpoints: boolean;
  deviceScaleFactor?: number;
  sitePermissions?: SitePermissions;
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
export async function sessionOnPage(pages: Record<string, FixtureResource>, startPath: string, settings?: Settings) {
  const site = await startFixtureServer(pages);
  const storageDir = tempStorage();
  const made = makeManager(storageDir, settings);
  const sessionId = (await made.manager.create({ url: `${site.url}${startPath}` })).id;
  const [page] = await made.manager.connection(sessionId)!.pages();
  const close = async () => {
    await made.manager.terminate(sessionId);
    made.dispose();
    await site.close();
  };
  return { site, manager: made.manager, logs: made.logs, storageDir, sessionId, page, close };
}

/** Width and height from a JPEG's start-of-frame segment. */
export function jpegSize(jpeg: Uint8Array | string): { width: number; height: number } {
  const data = typeof jpeg === 'string' ? Buffer.from(jpeg, 'base64') : Buffer.from(jpeg);
  assert.equal(data.readUInt16BE(0), 0xffd8, 'not a JPEG');
  for (let offset = 2; offset < data.length; ) {
    const marker = data.readUInt16BE(offset);
    if (marker === 0xffc0 || marker === 0xffc2) {
      return { height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7) };
    }
    offset += 2 + data.readUInt16BE(offset + 2);
  }
  throw new Error('no start-of-frame in the JPEG');
}
