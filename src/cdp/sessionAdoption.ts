import type { Logger } from 'pino';
import { BrowserSession, ConnectOptions } from './browserSession';
import { pingCdp } from './cdpPing';
import { errorMessage } from './errors';
import type { RecordPatch } from './registry';
import { findSessionEndpoint } from './sessionProbe';
import { SessionRecord } from './types';

/** What looking for a session's browser found: the record as it now stands, and a connection if it answers. */
export interface Adoption {
  readonly record: SessionRecord;
  readonly connection?: BrowserSession;
}

/** What a session whose browser answers shows: ours running, or a foreign one attached. */
export const liveStatus = (record: SessionRecord) => (record.kind === 'launched' ? 'running' : 'attached');

/** What a session whose browser is gone shows: ours can be restarted, a foreign one only waited for. */
export const lostStatus = (record: SessionRecord) => (record.kind === 'launched' ? 'dead' : 'unreachable');

/**
 * Looks for a session's browser and connects to it. Writes nothing: the caller saves the record, so
 * many can be saved at once. Adoption decides liveness, so a rebuilt record stops being a guess here.
 */
export async function adoptSession(record: SessionRecord, log: Logger, options: ConnectOptions): Promise<Adoption> {
  const start = performance.now();
  const durationMs = () => Math.round(performance.now() - start);
  try {
    const found = await findSessionEndpoint(record);
    if (!found) {
      log.info({ event: 'adoptFailed', reason: 'not running', durationMs: durationMs() }, 'session browser is gone');
      return { record: { ...record, status: lostStatus(record), rebuilt: undefined } };
    }
    await pingCdp(found.endpoint.wsEndpoint);
    const connection = await BrowserSession.connect(record.id, found.endpoint, log, options);
    log.info({ event: 'adopt', pid: found.pid, durationMs: durationMs() }, 'session re-attached');
    return { record: { ...record, ...found, status: liveStatus(record), rebuilt: undefined }, connection };
  } catch (error) {
    log.warn({ event: 'adoptFailed', error: errorMessage(error), durationMs: durationMs() }, 'could not re-attach');
    return { record: { ...record, status: lostStatus(record), rebuilt: undefined } };
  }
}

/**
 * A registry rebuilt from the session folders guesses every status (dead) and controller (the
 * developer). The window that holds a session connected knows better: it is live, on the pid and
 * endpoint it had, held by whoever held it. The patch that says so, or undefined if there is none.
 */
export function correctRebuilt(fromRegistry: SessionRecord, held: SessionRecord | undefined, connected: boolean): RecordPatch | undefined {
  if (!fromRegistry.rebuilt || !held || !connected) {
    return undefined;
  }
  return { status: liveStatus(held), controller: held.controller, pid: held.pid, endpoint: held.endpoint, rebuilt: undefined };
}
