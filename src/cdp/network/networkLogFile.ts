import type { Entry, Har } from 'har-format';
import { harLog } from './harLog';
import { writePrivateFile } from './privateFile';
import type { SessionNetworkLog } from './sessionNetworkLog';

/** What a saved log held, in a few lines' worth: counts, the slowest requests, the failures. */
export interface NetworkLogSummary {
  readonly file: string;
  readonly requests: number;
  readonly pages: number;
  /** Requests that failed or answered 4xx / 5xx. */
  readonly errors: ReadonlyArray<{ readonly method: string; readonly url: string; readonly outcome: string }>;
  readonly slowest: ReadonlyArray<{ readonly method: string; readonly url: string; readonly ms: number }>;
  /** Requests of the range no longer kept (the log's bounds). */
  readonly dropped: number;
}

const LISTED = 5;

/**
 * Writes the session's log since `sinceMs` (ms since the epoch; 0: since the session was connected)
 * to `file` as HAR 1.2, 0600, and sums it up.
 */
export async function saveNetworkLog(log: SessionNetworkLog, file: string, sinceMs: number, creatorVersion: string): Promise<NetworkLogSummary> {
  const from = Math.max(sinceMs, log.startedMs);
  const har = await harLog(log.records.since(from), { creatorVersion, comment: `Requests since ${new Date(from).toISOString()}, credentials redacted.` });
  await writePrivateFile(file, JSON.stringify(har));
  return summary(har, file, log.records.dropped);
}

function summary(har: Har, file: string, dropped: number): NetworkLogSummary {
  const { entries } = har.log;
  const outcome = (entry: Entry) => (entry.response.status === 0 ? entry.response.comment ?? 'no response' : `${entry.response.status}`);
  return {
    file,
    requests: entries.length,
    pages: har.log.pages?.length ?? 0,
    errors: entries.filter((entry) => entry.response.status === 0 || entry.response.status >= 400).slice(0, LISTED).map((entry) => ({ method: entry.request.method, url: entry.request.url, outcome: outcome(entry) })),
    slowest: [...entries].sort((a, b) => b.time - a.time).slice(0, LISTED).map((entry) => ({ method: entry.request.method, url: entry.request.url, ms: Math.round(entry.time) })),
    dropped,
  };
}
