import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { CdpChannel } from '../target/cdpChannel';
import type { PageTarget } from '../target/pageTarget';
import { ignoreClosed } from '../target/targetClosedError';

/** A cross-site iframe heard on a session of our own. */
export interface CrossSiteFrame {
  readonly client: CdpChannel;
  /** Its address now: how a log line says which frame it came from. */
  readonly url: string;
}

interface Heard {
  url: string;
  client?: CdpChannel;
  listening?: IDisposable;
}

/**
 * The cross-site iframes of a page (each runs in a process of its own, which the page's session does
 * not hear), those there already and those to come, each given to `listen` once on a session of
 * our own: the recorder's and the snapshot's sessions of the same frame come and go on their own.
 * The page announces them while its `frameTargets` switch is on.
 */
export class CrossSiteFrames implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly heard = new Map<string, Heard>();
  readonly ready: Promise<void>;

  constructor(
    private readonly page: PageTarget,
    private readonly listen: (frame: CrossSiteFrame) => IDisposable,
  ) {
    const hearFailed = page.warnUnlessClosed('attaching to a cross-site frame');
    this.store.add(onCdpEvent(page, 'Target.attachedToTarget', ({ targetInfo }) => void this.hear(targetInfo).catch(hearFailed)));
    this.store.add(onCdpEvent(page, 'Target.detachedFromTarget', ({ sessionId }) => this.forget(sessionId)));
    // A frame attaches before its first document commits (no address yet), and may navigate later.
    this.store.add(onCdpEvent(page, 'Target.targetInfoChanged', ({ targetInfo }) => this.heard.has(targetInfo.targetId) && (this.heard.get(targetInfo.targetId)!.url = targetInfo.url)));
    this.ready = page.use('frameTargets').then(async (switchedOn) => {
      if (this.store.isDisposed) {
        return switchedOn.dispose();
      }
      this.store.add(switchedOn);
      await Promise.all(page.attachedFrames().map(({ targetInfo }) => this.hear(targetInfo)));
    }, ignoreClosed);
  }

  private async hear(targetInfo: Protocol.Target.TargetInfo): Promise<void> {
    if (targetInfo.type !== 'iframe' || this.heard.has(targetInfo.targetId) || this.store.isDisposed) {
      return;
    }
    const heard: Heard = { url: targetInfo.url };
    this.heard.set(targetInfo.targetId, heard); // before attaching: our own attach is announced too
    const attached = await this.page.send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: true }).catch(ignoreClosed);
    heard.client = attached && this.page.channel.child(attached.sessionId, targetInfo.targetId);
    if (!heard.client || this.store.isDisposed) {
      heard.client?.detach();
      this.heard.delete(targetInfo.targetId);
      return;
    }
    const client = heard.client;
    heard.listening = this.listen({ client, get url() { return heard.url; } });
  }

  private forget(sessionId: string): void {
    for (const [targetId, { client, listening }] of this.heard) {
      if (client && client.sessionId === sessionId) {
        listening?.dispose();
        this.heard.delete(targetId);
      }
    }
  }

  dispose(): void {
    this.store.dispose();
    for (const { client, listening } of this.heard.values()) {
      listening?.dispose();
      client?.detach();
    }
    this.heard.clear();
  }
}

const DOMAINS = { runtime: 'Runtime.enable', network: 'Network.enable' } as const;

/**
 * Hears one CDP domain of a page and of its cross-site iframes alike (a page's log): `listen` on the
 * page and on each frame's own session, the domain switched on in both, until `store` is disposed.
 * Resolves once the page's switch and the frames there now are on.
 */
export function listenAcrossFrames(page: PageTarget, store: DisposableStore, domain: keyof typeof DOMAINS, listen: (client: CdpChannel | PageTarget, frame?: CrossSiteFrame) => IDisposable): Promise<void> {
  store.add(listen(page));
  const enableFailed = page.warnUnlessClosed(`switching ${domain} on in a cross-site frame`);
  const frames = store.add(
    new CrossSiteFrames(page, (frame) => {
      const listening = listen(frame.client, frame);
      void frame.client.send(DOMAINS[domain]).catch(enableFailed); // the frame's session is ours alone
      return listening;
    }),
  );
  const switched = page.use(domain).then((switchedOn) => void (store.isDisposed ? switchedOn.dispose() : store.add(switchedOn)), ignoreClosed);
  const started = Promise.all([switched, frames.ready]).then(() => undefined);
  // Awaited only by the first read, which may come late or never: a failure is logged now too, not left unhandled till then.
  void started.catch(page.warnUnlessClosed(`switching ${domain} on for its log`));
  return started;
}
