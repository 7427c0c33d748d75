import type { CDPSession } from 'puppeteer-core';
import { asTargetClosed } from './targetClosedError';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape of puppeteer's own handlers; onCdpEvent types them
type Listener = (...args: any[]) => void;

/**
 * What our CDP helpers need of a session: typed commands, and events (typed by `onCdpEvent`). A raw
 * CDPSession, a page model or a channel.
 */
export type { Listener as CdpListener };

export interface CdpClient {
  readonly send: CDPSession['send'];
  on(type: string, handler: Listener): unknown;
  off(type: string, handler: Listener): unknown;
}

const SWAP_RETRIES = 20;
const SWAP_RETRY_DELAY_MS = 100;

/**
 * A CDP session we attached, under our rules: a command for a target that went away fails with a
 * TargetClosedError; with `retrySwaps`, a command sent while a navigation swaps the page's renderer
 * (a new site, an error page: the target briefly has no page) is tried again once the new one is in.
 */
export class CdpChannel implements CdpClient {
  constructor(
    private readonly session: CDPSession,
    readonly targetId: string,
    private readonly retrySwaps: boolean,
  ) {}

  readonly send = (async (method, params, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.session.send(method, params, options);
      } catch (error) {
        const swapping = this.retrySwaps && error instanceof Error && error.message.includes('Not attached to an active page');
        if (!swapping || attempt >= SWAP_RETRIES) {
          throw asTargetClosed(error, this.targetId);
        }
        await new Promise((resolve) => setTimeout(resolve, SWAP_RETRY_DELAY_MS));
      }
    }
  }) as CDPSession['send'];

  on(type: string, handler: Listener): void {
    this.session.on(type, handler);
  }

  off(type: string, handler: Listener): void {
    this.session.off(type, handler);
  }

  get sessionId(): string {
    return this.session.id();
  }

  get detached(): boolean {
    return this.session.detached;
  }

  /** A flattened session on the same connection (a cross-site iframe we attached to), as a channel. */
  child(sessionId: string, targetId: string): CdpChannel | undefined {
    const session = this.session.connection()?.session(sessionId);
    return session ? new CdpChannel(session, targetId, false) : undefined;
  }

  /** Ends the session; one that already went with its target needs nothing more. */
  detach(): void {
    if (this.session.connection() && !this.session.detached) {
      void this.session.detach().catch(() => undefined); // it can only fail because it is already gone
    }
  }
}
