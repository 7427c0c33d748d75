import type { Protocol } from 'devtools-protocol';

export interface RequestHeaders {
  readonly sent?: Protocol.Network.Headers;
  readonly received?: Protocol.Network.Headers;
}

/**
 * Headers as really sent and received (the ExtraInfo events) that arrive before their request is
 * announced, or for the next hop of a redirect: kept by request id until it is, and bounded, since a
 * worker's requests are never announced to the page.
 */
export class EarlyHeaders {
  private readonly byRequest = new Map<string, RequestHeaders>();

  constructor(private readonly max: number) {}

  keep(requestId: string, headers: RequestHeaders): void {
    this.byRequest.set(requestId, { ...this.byRequest.get(requestId), ...headers });
    if (this.byRequest.size > this.max) {
      this.byRequest.delete(this.byRequest.keys().next().value!);
    }
  }

  /** What came early for a request now announced, forgotten here. */
  take(requestId: string): RequestHeaders | undefined {
    const early = this.byRequest.get(requestId);
    this.byRequest.delete(requestId);
    return early;
  }
}
