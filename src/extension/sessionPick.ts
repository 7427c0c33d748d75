import { BrowserCanvasError, SessionManager, SessionRecord } from '../cdp';
import { SessionItem } from './sessionsTree';
import { quickPick } from './prompts';

/** How a command names its session: a tree row, an id or `{ sessionId }` from code, or nothing (then we ask). */
export type SessionArg = SessionItem | string | { readonly sessionId: string } | undefined;

/** The session with this id; a clear error when there is none (removed meanwhile, or a stale argument). */
export function sessionById(manager: SessionManager, id: string): SessionRecord {
  const record = manager.get(id);
  if (!record) {
    throw new BrowserCanvasError('SESSION_NOT_FOUND', `There is no session ${id}.`, 'Refresh the sessions list.');
  }
  return record;
}

/**
 * The session a command acts on: the one it was given, else `preferred` when it is a candidate, else
 * the only candidate when `takeOnlyCandidate`, else the developer's pick among `filter`'s sessions.
 */
export async function pickSession(
  manager: SessionManager,
  arg: SessionArg,
  filter: (record: SessionRecord) => boolean,
  placeHolder: string,
  options: { readonly preferred?: string; readonly takeOnlyCandidate?: boolean } = {},
): Promise<SessionRecord | undefined> {
  const id = arg instanceof SessionItem ? arg.record.id : typeof arg === 'string' ? arg : arg?.sessionId;
  if (id) {
    return sessionById(manager, id);
  }
  const candidates = manager.list().filter(filter);
  const preferred = candidates.find((record) => record.id === options.preferred);
  if (preferred || (options.takeOnlyCandidate && candidates.length === 1)) {
    return preferred ?? candidates[0];
  }
  const picked = await quickPick(
    candidates.map((record) => ({ label: record.label, description: `${record.status} · ${record.id}`, record })),
    { placeHolder },
  );
  return picked?.record;
}
