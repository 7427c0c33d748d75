import type { Timings } from 'har-format';
import type { NetworkRecord } from './networkRecords';

/** Milliseconds between two marks of a ResourceTiming (-1 when the phase did not happen). */
function phase(start: number, end: number): number {
  return start >= 0 && end >= start ? end - start : -1;
}

/**
 * A record's HAR timings and total time, from Chromium's ResourceTiming as DevTools reads it: blocked
 * covers the queue before the request was started and the wait for a socket; connect includes ssl.
 * A request with no timing (from a cache, a data: URL, failed early) waits from start to response.
 */
export function harTimings(record: NetworkRecord): { time: number; timings: Timings } {
  const end = record.endTimestamp ?? record.responseTimestamp ?? record.timestamp;
  const timing = record.response?.timing;
  if (!timing) {
    const wait = Math.max(0, ((record.responseTimestamp ?? end) - record.timestamp) * 1000);
    const receive = Math.max(0, (end - (record.responseTimestamp ?? end)) * 1000);
    return { time: wait + receive, timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive } };
  }
  const queued = Math.max(0, (timing.requestTime - record.timestamp) * 1000);
  const firstStart = [timing.dnsStart, timing.connectStart, timing.sendStart].find((mark) => mark >= 0) ?? 0;
  const blocked = queued + firstStart;
  const dns = phase(timing.dnsStart, timing.dnsEnd);
  const connect = phase(timing.connectStart, timing.connectEnd);
  const ssl = phase(timing.sslStart, timing.sslEnd);
  const send = Math.max(0, timing.sendEnd - timing.sendStart);
  const wait = Math.max(0, timing.receiveHeadersEnd - timing.sendEnd);
  const receive = Math.max(0, (end - timing.requestTime) * 1000 - timing.receiveHeadersEnd);
  return { time: blocked + Math.max(0, dns) + Math.max(0, connect) + send + wait + receive, timings: { blocked, dns, connect, ssl, send, wait, receive } };
}
