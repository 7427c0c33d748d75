import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Protocol } from 'devtools-protocol';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import type { BrowserSession } from '../browserSession';
import type { SessionManager } from '../sessionManager';
import type { PageTarget } from '../target/pageTarget';
import { AgentError } from '../action/agentError';
import { withOriginDocument } from './originDocument';

// Named storage states: a session's cookies and the local storage of its pages' sites, saved in the
// session's own folder and loaded into any session (to start it logged in). Values stay in the
// file; what a model reads is counts and sites.

const FOLDER = 'storage-states';

const stateFile = z.object({
  version: z.literal(1),
  savedAt: z.string(),
  cookies: z.array(z.custom<Protocol.Network.CookieParam>((value) => typeof value === 'object' && value !== null && 'name' in value && 'value' in value)),
  origins: z.array(z.object({ origin: z.string(), localStorage: z.array(z.tuple([z.string(), z.string()])) })),
});

export type StorageState = z.infer<typeof stateFile>;

/** What a result may say of a state: how much, for which sites; never a value. */
export interface StateSummary {
  readonly cookies: number;
  readonly cookieSites: readonly string[];
  readonly origins: ReadonlyArray<{ readonly origin: string; readonly items: number }>;
}

export function summary(state: StorageState): StateSummary {
  return {
    cookies: state.cookies.length,
    cookieSites: [...new Set(state.cookies.map((cookie) => (cookie.domain ?? '').replace(/^\./, '')))].sort(),
    origins: state.origins.map(({ origin, localStorage }) => ({ origin, items: localStorage.length })),
  };
}

function localStorageId(origin: string): Protocol.DOMStorage.StorageId {
  return { securityOrigin: origin, isLocalStorage: true };
}

/** A cookie as Storage.setCookies takes it back (a session cookie has no expiry to give). */
function asParam(cookie: Protocol.Network.Cookie): Protocol.Network.CookieParam {
  const { name, value, domain, path: cookiePath, secure, httpOnly, sameSite, expires, session, priority, sourceScheme, partitionKey } = cookie;
  return { name, value, domain, path: cookiePath, secure, httpOnly, sameSite, priority, sourceScheme, partitionKey, ...(session ? {} : { expires }) };
}

/** The http(s) pages of the session that can answer now (no dialog, no crash), by origin. */
async function pagesByOrigin(connection: BrowserSession): Promise<Map<string, PageTarget>> {
  const byOrigin = new Map<string, PageTarget>();
  for (const target of connection.pageTargets) {
    const page = await connection.pageModel(target);
    const origin = URL.canParse(page.url) ? new URL(page.url).origin : 'null';
    if (/^https?:/.test(origin) && !page.health.dialog && !page.health.crashed && !byOrigin.has(origin)) {
      byOrigin.set(origin, page);
    }
  }
  return byOrigin;
}

/** Reads the session's cookies (through `page`) and its pages' local storage into `<session folder>/storage-states/<name>.json` (0600). */
export async function saveStorageState(manager: SessionManager, sessionId: string, page: PageTarget, name: string): Promise<StateSummary> {
  const { cookies } = await page.send('Storage.getCookies', {});
  const origins: StorageState['origins'] = [];
  for (const [origin, client] of await pagesByOrigin(manager.connection(sessionId)!)) {
    const { entries } = await client.send('DOMStorage.getDOMStorageItems', { storageId: localStorageId(origin) });
    origins.push({ origin, localStorage: entries.map(([key, value]) => [key, value] as [string, string]) });
  }
  const state: StorageState = { version: 1, savedAt: new Date().toISOString(), cookies: cookies.map(asParam), origins };
  const folder = path.join(manager.sessionDir(sessionId), FOLDER);
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(folder, `${name}.json`), JSON.stringify(state), { mode: 0o600 });
  return summary(state);
}

/** The state saved under `name`: by this session first, else by the session that saved one last. */
export async function readStorageState(manager: SessionManager, sessionId: string, name: string): Promise<StorageState> {
  const ids = [sessionId, ...manager.list().map((record) => record.id).filter((id) => id !== sessionId)];
  const found: Array<{ file: string; modified: number }> = [];
  for (const id of ids) {
    const file = path.join(manager.sessionDir(id), FOLDER, `${name}.json`);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat) {
      found.push({ file, modified: id === sessionId ? Infinity : stat.mtimeMs });
    }
  }
  const newest = found.sort((a, b) => b.modified - a.modified)[0];
  if (!newest) {
    throw new AgentError('NOT_FOUND', `No session has a storage state named "${name}". Save one with save_storage_state first (states go when their session ends).`);
  }
  const parsed = stateFile.safeParse(parsedJson(await fs.readFile(newest.file, 'utf8')));
  if (!parsed.success) {
    throw new AgentError('INVALID_INPUT', `The storage state "${name}" cannot be read (it is not one this version saved). Save it again.`);
  }
  return parsed.data;
}

/** The file's JSON, or undefined for the schema to refuse (a file cut short, edited by hand). */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Puts a state into the session: its cookies, and each origin's local storage (keys it has are set,
 * others left) through a page of the session on that origin, or a hidden page made for it.
 */
export async function loadStorageState(connection: BrowserSession, page: PageTarget, state: StorageState): Promise<void> {
  if (state.cookies.length) {
    await page.send('Storage.setCookies', { cookies: state.cookies });
  }
  const open = await pagesByOrigin(connection);
  for (const { origin, localStorage } of state.origins) {
    const write = async (client: Pick<PageTarget, 'send'>) => {
      for (const [key, value] of localStorage) {
        await client.send('DOMStorage.setDOMStorageItem', { storageId: localStorageId(origin), key, value });
      }
    };
    const client = open.get(origin);
    await (client ? write(client) : withOriginDocument(page.target.browser(), origin, write));
  }
}
