import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { PageTarget } from '../target/pageTarget';
import { AgentError } from '../action/agentError';
import { checkOrigin, OriginRules } from './originPolicy';

/** A navigation the guard stopped: where it was going, and why. */
export interface BlockedNavigation {
  readonly targetId: string;
  readonly url: string;
  readonly reason: string;
}

/**
 * Holds the developer's origin rules for every navigation of one page while the agent holds its
 * session: link clicks, form posts, redirects and location changes by script, not only navigate_page.
 * The browser pauses each document request (Fetch, on the page's model) until the rules say yes; a no
 * aborts it, so nothing is fetched from a denied origin and the page stays where it was.
 */
export class OriginGuard implements IDisposable {
  private readonly store = new DisposableStore();

  static async attach(page: PageTarget, rules: () => OriginRules, onBlocked: (blocked: BlockedNavigation) => void): Promise<OriginGuard> {
    const guard = new OriginGuard(page, rules, onBlocked);
    try {
      await page.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] });
    } catch (error) {
      guard.dispose();
      throw error;
    }
    return guard;
  }

  private constructor(
    private readonly page: PageTarget,
    private readonly rules: () => OriginRules,
    private readonly onBlocked: (blocked: BlockedNavigation) => void,
  ) {
    const decideFailed = page.warnUnlessClosed("a decision on a navigation's origin");
    this.store.add(onCdpEvent(page, 'Fetch.requestPaused', (event) => void this.decide(event).catch(decideFailed)));
  }

  private async decide({ requestId, request }: Protocol.Fetch.RequestPausedEvent): Promise<void> {
    try {
      checkOrigin(request.url, this.rules());
    } catch (error) {
      if (!(error instanceof AgentError)) {
        throw error;
      }
      // Told first, so whoever started the navigation knows why it fails before it does.
      this.onBlocked({ targetId: this.page.targetId, url: request.url, reason: error.message });
      // Aborted, not blocked: the page stays where it was instead of showing an error page.
      await this.page.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' });
      return;
    }
    await this.page.send('Fetch.continueRequest', { requestId });
  }

  dispose(): void {
    if (this.store.isDisposed) {
      return;
    }
    this.store.dispose();
    if (!this.page.isClosed) {
      void this.page.send('Fetch.disable').catch(this.page.warnUnlessClosed("ending the origin guard's interception"));
    }
  }
}
