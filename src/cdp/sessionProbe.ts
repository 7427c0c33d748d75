import { hostEndpointPath, readHostEndpoint } from './browserHost/hostEndpointFile';
import { parseAttachUrl, resolveEndpoint } from './endpoint';
import { runsProfile } from './processes';
import { readProfileLock } from './profileLock';
import { SessionEndpoint, SessionRecord } from './types';

/**
 * The pid of what runs this record's profile: its browser host (the recorded one, or the one its
 * endpoint file names), else a browser the profile's lock names. An unreadable lock names none; a
 * launch on such a profile still refuses while any process runs it (sessionLaunch.ts).
 */
export async function findRunningBrowser(record: SessionRecord): Promise<number | undefined> {
  if (!record.profileDir) {
    return undefined;
  }
  if (record.pid && (await runsProfile(record.pid, record.profileDir))) {
    return record.pid;
  }
  const host = await findLaunchedEndpoint(record);
  if (host) {
    return host.pid;
  }
  const lock = await readProfileLock(record.profileDir);
  return lock.state === 'running' ? lock.pid : undefined;
}

/**
 * Where a session's browser answers now: undefined when a launched browser is gone; an attached
 * endpoint that does not answer throws, saying why.
 */
export async function findSessionEndpoint(record: SessionRecord): Promise<{ readonly pid?: number; readonly endpoint: SessionEndpoint } | undefined> {
  if (record.kind === 'attached') {
    const url = parseAttachUrl(record.attachUrl ?? record.endpoint?.wsEndpoint ?? '', true);
    return { endpoint: await resolveEndpoint(url, 2000) };
  }
  return findLaunchedEndpoint(record);
}

/**
 * The session's browser host, while it runs this profile: then its port is still its own. A browser
 * lives only as long as its host (its pipe closes with it), so no host means a dead session.
 */
async function findLaunchedEndpoint(record: SessionRecord): Promise<{ readonly pid: number; readonly endpoint: SessionEndpoint } | undefined> {
  const host = record.profileDir ? await readHostEndpoint(hostEndpointPath(record.profileDir)) : undefined;
  return host && (await runsProfile(host.pid, record.profileDir!)) ? { pid: host.pid, endpoint: { wsEndpoint: host.wsEndpoint } } : undefined;
}
