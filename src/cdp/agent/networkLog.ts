import { EarlyHeaders } from '../network/earlyHeaders';
import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { CdpClient } from '../target/cdpChannel';
import type { PageTarget } from '../target/pageTarget';
import { CrossSiteFrame, listenAcrossFrames } from './crossSiteFrames';

/** One request of the page (each hop of a redirect is one), as the network domain told it. */
export interface NetworkEntry {
  /** 1, 2, 3… in the order the page made them: what `since` counts and network_request takes. */
  readonly seq: number;
  /** Chromium's id, for the body (`Network.getResponseBody`). */
  readonly requestId: string;
  readonly method: string;
  readonly url: string;
  readonly resourceType: string;
  requestHeaders: Protocol.Network.Headers;
  readonly postDataBytes?: number;
  status?: number;
  statusText?: string;
  mimeType?: string;
  responseHeaders?: Protocol.Network.Headers;
  /** Bytes on the wire, once it finished. */
  size?: number;
  /** Why it failed (net::ERR_…, blocked, cancelled). */
  failed?: string;
  /** It answered with a redirect: the next hop is another entry, and it has no body of its own. */
  redirected?: boolean;
  /** Made by a cross-site iframe: its address, and its session, which holds the body. */
  readonly frame?: { readonly url: string; readonly client: CdpClient };
}

/** The last requests kept per page; older ones are dropped (the result says how many). */
const MAX_ENTRIES = 500;

/**
 * A page's requests from the moment the agent first touches the page (Chromium reports none from
 * before), with their headers as sent and received (the extra-info events carry the real ones:
 * cookies included, hence redacted when shown). A cross-site iframe's requests go through its own
 * process: heard on a session of its own, they say which frame made them.
 */
export class NetworkLog implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly entries: NetworkEntry[] = [];
  /** The current hop of each request id: redirects reuse the id. */
  private readonly current = new Map<string, NetworkEntry>();
  /** Headers as sent and received, which Chromium may report before the request itself (they come another way). */
  private readonly earlyHeaders = new EarlyHeaders(MAX_ENTRIES);
  private readonly withSentHeaders = new WeakSet<NetworkEntry>();
  private seq = 0;
  private readonly started: Promise<void>;

  constructor(page: PageTarget) {
    this.started = listenAcrossFrames(page, this.store, 'network', (client, frame) => this.listen(client, frame));
  }

  private listen(client: CdpClient, frame?: CrossSiteFrame): IDisposable {
    const store = new DisposableStore();
    const on = <E extends Parameters<typeof onCdpEvent>[1]>(event: E, handler: Parameters<typeof onCdpEvent<E>>[2]) => store.add(onCdpEvent(client, event, handler));
    on('Network.requestWillBeSent', (event) => this.sent(event, frame && { url: frame.url, client: frame.client }));
    on('Network.requestWillBeSentExtraInfo', ({ requestId, headers }) => this.sentHeaders(requestId, headers));
    on('Network.responseReceived', ({ requestId, response }) => this.update(requestId, (entry) => answered(entry, response)));
    on('Network.responseReceivedExtraInfo', ({ requestId, headers }) => this.receivedHeaders(requestId, headers));
    on('Network.loadingFinished', ({ requestId, encodedDataLength }) => this.update(requestId, (entry) => (entry.size = encodedDataLength)));
    on('Network.loadingFailed', ({ requestId, errorText, canceled, blockedReason }) =>
      this.update(requestId, (entry) => (entry.failed = blockedReason ? `blocked (${blockedReason})` : canceled ? 'cancelled' : errorText)),
    );
    return store;
  }

  /** The requests after `since` (a seq); `dropped`: how many after `since` are no longer kept. */
  async after(since: number): Promise<{ entries: NetworkEntry[]; dropped: number; last: number }> {
    await this.started;
    const first = this.entries[0]?.seq ?? this.seq + 1;
    return { entries: this.entries.filter((entry) => entry.seq > since), dropped: Math.max(0, first - 1 - since), last: this.seq };
  }

  async get(seq: number): Promise<NetworkEntry | undefined> {
    await this.started;
    return this.entries.find((entry) => entry.seq === seq);
  }

  private sent({ requestId, request, type, redirectResponse }: Protocol.Network.RequestWillBeSentEvent, frame: NetworkEntry['frame']): void {
    const previous = this.current.get(requestId);
    if (previous && redirectResponse) {
      answered(previous, redirectResponse);
      previous.redirected = true;
    }
    const postDataBytes = request.postDataEntries?.reduce((sum, entry) => sum + (entry.bytes ? Buffer.byteLength(entry.bytes, 'base64') : 0), 0);
    const entry: NetworkEntry = { seq: ++this.seq, requestId, method: request.method, url: request.url, resourceType: type ?? 'Other', requestHeaders: request.headers, postDataBytes, frame };
    this.current.set(requestId, entry);
    const early = this.earlyHeaders.take(requestId);
    if (early?.sent) {
      this.sentHeaders(requestId, early.sent);
    }
    if (early?.received) {
      entry.responseHeaders = early.received;
    }
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) {
      const dropped = this.entries.shift()!;
      if (this.current.get(dropped.requestId) === dropped) {
        this.current.delete(dropped.requestId);
      }
    }
  }

  private sentHeaders(requestId: string, headers: Protocol.Network.Headers): void {
    const entry = this.current.get(requestId);
    if (entry && !this.withSentHeaders.has(entry)) {
      entry.requestHeaders = headers;
      this.withSentHeaders.add(entry);
    } else {
      this.earlyHeaders.keep(requestId, { sent: headers }); // the next hop's, or a request not announced yet
    }
  }

  private receivedHeaders(requestId: string, headers: Protocol.Network.Headers): void {
    const entry = this.current.get(requestId);
    if (entry) {
      entry.responseHeaders = headers;
    } else {
      this.earlyHeaders.keep(requestId, { received: headers });
    }
  }

  private update(requestId: string, change: (entry: NetworkEntry) => void): void {
    const entry = this.current.get(requestId);
    if (entry) {
      change(entry);
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}

function answered(entry: NetworkEntry, response: Protocol.Network.Response): void {
  entry.status = response.status;
  entry.statusText = response.statusText;
  entry.mimeType = response.mimeType;
  entry.responseHeaders ??= response.headers;
}
