import type { Protocol } from 'devtools-protocol';
import type { CdpClient } from '../target/cdpChannel';

/** One request of a session's page (each hop of a redirect is one), as the Network domain told it. */
export interface NetworkRecord {
  /** The page (target id) whose session reported it. */
  readonly pageId: string;
  /** The HAR page (the page's document at the time) it belongs to. */
  readonly pageRef?: string;
  readonly requestId: string;
  /** When it started: wall clock (ms since the epoch) and the browser's monotonic clock (s). */
  readonly wallTimeMs: number;
  readonly timestamp: number;
  readonly request: Protocol.Network.Request;
  readonly resourceType: string;
  /** Headers as sent (the extra-info event: cookies included), when Chromium reported them. */
  sentHeaders?: Protocol.Network.Headers;
  response?: Protocol.Network.Response;
  /** Headers as received (the extra-info event: Set-Cookie included). */
  receivedHeaders?: Protocol.Network.Headers;
  responseTimestamp?: number;
  endTimestamp?: number;
  /** Bytes on the wire, once it finished. */
  encodedDataLength?: number;
  /** Why it failed (net::ERR_…, blocked, cancelled). */
  failed?: string;
  /** It answered with a redirect: the next hop is another record, and it has no body. */
  redirected?: boolean;
  /** Where its response body can be asked for (`Network.getResponseBody`) while the page lives. */
  readonly client: CdpClient;
  /** What keeping it costs, roughly: its headers and request body. */
  bytes: number;
}

/** One top-level document of a page: a HAR page. */
export interface NetworkPage {
  readonly id: string;
  readonly pageId: string;
  readonly url: string;
  readonly wallTimeMs: number;
  readonly timestamp: number;
  onContentLoadMs?: number;
  onLoadMs?: number;
}

export interface NetworkLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/** Enough for a long session of an ordinary web app; a few tens of MB at the very most. */
export const DEFAULT_NETWORK_LIMITS: NetworkLimits = { maxRecords: 5_000, maxBytes: 20 * 1024 * 1024 };

export function headersBytes(headers: Protocol.Network.Headers | undefined): number {
  return Object.entries(headers ?? {}).reduce((sum, [name, value]) => sum + name.length + String(value).length + 4, 0);
}

/** The records of a session, oldest first, bounded by count and bytes (the oldest dropped first). */
export class NetworkRecords {
  private readonly records: NetworkRecord[] = [];
  private readonly pages: NetworkPage[] = [];
  private bytes = 0;
  private pageCount = 0;
  /** How many were dropped to stay within the limits. */
  dropped = 0;

  constructor(private readonly limits: NetworkLimits) {}

  add(record: NetworkRecord): void {
    this.records.push(record);
    this.bytes += record.bytes;
    this.trim();
  }

  /** A record grew (its response headers came): counted, and the oldest dropped if need be. */
  grew(record: NetworkRecord, bytes: number): void {
    record.bytes += bytes;
    this.bytes += bytes;
    this.trim();
  }

  addPage(page: Omit<NetworkPage, 'id'>): NetworkPage {
    const added = { ...page, id: `page_${++this.pageCount}` };
    this.pages.push(added);
    return added;
  }

  /** The records that started at or after `sinceMs` (wall clock), and the pages they belong to. */
  since(sinceMs = 0): { records: NetworkRecord[]; pages: NetworkPage[] } {
    const records = this.records.filter((record) => record.wallTimeMs >= sinceMs);
    const used = new Set(records.map((record) => record.pageRef));
    return { records, pages: this.pages.filter((page) => used.has(page.id)) };
  }

  private trim(): void {
    while (this.records.length > 1 && (this.records.length > this.limits.maxRecords || this.bytes > this.limits.maxBytes)) {
      this.bytes -= this.records.shift()!.bytes;
      this.dropped++;
    }
    // Pages no kept record belongs to go too (the newest stays: requests may still come).
    const oldest = this.records[0]?.pageRef;
    while (this.pages.length > 1 && this.pages[0].id !== oldest && !this.records.some((record) => record.pageRef === this.pages[0].id)) {
      this.pages.shift();
    }
  }
}
