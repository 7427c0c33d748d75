import { EarlyHeaders } from './earlyHeaders';
import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { PageTarget } from '../target/pageTarget';
import { headersBytes, NetworkPage, NetworkRecord, NetworkRecords } from './networkRecords';

/** Extra-info headers Chromium reported before the request itself, kept this long at most. */
const MAX_EARLY = 200;

/**
 * Records one page's requests into its session's records, from the moment it is attached: the
 * page's documents (HAR pages, with their DOMContentLoaded and load times) and every request with
 * its headers as really sent and received (the extra-info events), timings, size and outcome.
 */
export class PageNetworkRecorder implements IDisposable {
  private readonly store = new DisposableStore();
  /** The current hop of each request id: redirects reuse the id. */
  private readonly current = new Map<string, NetworkRecord>();
  private readonly early = new EarlyHeaders(MAX_EARLY);
  private document: NetworkPage | undefined;

  constructor(
    private readonly page: PageTarget,
    private readonly records: NetworkRecords,
  ) {
    const on = <E extends Parameters<typeof onCdpEvent>[1]>(event: E, handler: Parameters<typeof onCdpEvent<E>>[2]) => this.store.add(onCdpEvent(page, event, handler));
    on('Network.requestWillBeSent', (event) => this.sent(event));
    on('Network.requestWillBeSentExtraInfo', ({ requestId, headers }) => this.sentHeaders(requestId, headers));
    on('Network.responseReceived', ({ requestId, response, timestamp }) => this.update(requestId, (record) => this.answered(record, response, timestamp)));
    on('Network.responseReceivedExtraInfo', ({ requestId, headers }) => this.receivedHeaders(requestId, headers));
    on('Network.loadingFinished', ({ requestId, encodedDataLength, timestamp }) =>
      this.update(requestId, (record) => {
        record.encodedDataLength = encodedDataLength;
        record.endTimestamp = timestamp;
      }),
    );
    on('Network.loadingFailed', ({ requestId, errorText, canceled, blockedReason, timestamp }) =>
      this.update(requestId, (record) => {
        record.failed = blockedReason ? `blocked (${blockedReason})` : canceled ? 'cancelled' : errorText;
        record.endTimestamp = timestamp;
      }),
    );
    on('Page.domContentEventFired', ({ timestamp }) => this.document && (this.document.onContentLoadMs = (timestamp - this.document.timestamp) * 1000));
    on('Page.loadEventFired', ({ timestamp }) => this.document && (this.document.onLoadMs = (timestamp - this.document.timestamp) * 1000));
    void page.use('network').then((switchedOn) => this.store.add(switchedOn), page.warnUnlessClosed('switching the network log on'));
  }

  private sent(event: Protocol.Network.RequestWillBeSentEvent): void {
    const { requestId, request, type, redirectResponse, timestamp, wallTime, frameId, loaderId } = event;
    const previous = this.current.get(requestId);
    if (previous && redirectResponse) {
      this.answered(previous, redirectResponse, timestamp);
      previous.redirected = true;
      previous.endTimestamp = timestamp;
    }
    // A new document in the page's main frame (whose id is the target's) starts a HAR page.
    if (type === 'Document' && frameId === this.page.targetId && loaderId === requestId && !redirectResponse) {
      this.document = this.records.addPage({ pageId: this.page.targetId, url: request.url, wallTimeMs: wallTime * 1000, timestamp });
    }
    const record: NetworkRecord = {
      pageId: this.page.targetId,
      pageRef: this.document?.id,
      requestId,
      wallTimeMs: wallTime * 1000,
      timestamp,
      request,
      resourceType: type ?? 'Other',
      client: this.page,
      bytes: request.url.length + headersBytes(request.headers) + (request.postData?.length ?? 0),
    };
    this.current.set(requestId, record);
    const early = this.early.take(requestId);
    this.records.add(record);
    if (early?.sent) {
      this.sentHeaders(requestId, early.sent);
    }
    if (early?.received) {
      this.receivedHeaders(requestId, early.received);
    }
  }

  private answered(record: NetworkRecord, response: Protocol.Network.Response, timestamp: number): void {
    record.response = response;
    record.responseTimestamp = timestamp;
    this.records.grew(record, headersBytes(response.headers));
  }

  private sentHeaders(requestId: string, headers: Protocol.Network.Headers): void {
    const record = this.current.get(requestId);
    if (record && !record.sentHeaders) {
      record.sentHeaders = headers;
      this.records.grew(record, headersBytes(headers));
    } else {
      this.early.keep(requestId, { sent: headers }); // the next hop's, or a request not announced yet
    }
  }

  private receivedHeaders(requestId: string, headers: Protocol.Network.Headers): void {
    const record = this.current.get(requestId);
    if (record && !record.receivedHeaders) {
      record.receivedHeaders = headers;
      this.records.grew(record, headersBytes(headers));
    } else {
      this.early.keep(requestId, { received: headers });
    }
  }

  private update(requestId: string, change: (record: NetworkRecord) => void): void {
    const record = this.current.get(requestId);
    if (record) {
      change(record);
      if (record.endTimestamp !== undefined && !record.redirected) {
        this.current.delete(requestId); // done: nothing more comes for it
      }
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}
