import type { Target } from 'puppeteer-core';
import { DisposableStore, IDisposable, toDisposable } from '../disposable';
import type { PageModels } from '../target/pageTargets';
import { ignoreClosed } from '../target/targetClosedError';
import { DEFAULT_NETWORK_LIMITS, NetworkLimits, NetworkRecords } from './networkRecords';
import { PageNetworkRecorder } from './pageNetworkRecorder';

/** What the log needs of a connection: its pages, their models, and word of new ones. */
export interface NetworkLogSource extends PageModels {
  readonly pageTargets: Target[];
  onDidChangePages(listener: () => void): IDisposable;
}

/**
 * A session's network log while this window holds its connection: every page's requests from the
 * moment the page is seen (a page opened later is joined as it appears), bounded, oldest first. The
 * HAR file is made from it (harLog.ts). Chromium reports nothing from before a page's Network domain
 * was enabled, so a popup's very first requests may be missing.
 */
export class SessionNetworkLog implements IDisposable {
  private readonly store = new DisposableStore();
  /** Each followed page's recorder; undefined while its model attaches. */
  private readonly recorders = new Map<Target, PageNetworkRecorder | undefined>();
  readonly records: NetworkRecords;
  /** When this window started keeping the log (ms since the epoch): "since the session was connected". */
  readonly startedMs = Date.now();

  constructor(
    private readonly source: NetworkLogSource,
    limits: NetworkLimits = DEFAULT_NETWORK_LIMITS,
  ) {
    this.records = new NetworkRecords(limits);
    this.store.add(source.onDidChangePages(() => this.follow()));
    this.store.add(toDisposable(() => [...this.recorders.values()].forEach((recorder) => recorder?.dispose())));
    this.follow();
  }

  private follow(): void {
    const targets = this.source.pageTargets;
    for (const [target, recorder] of this.recorders) {
      if (!targets.includes(target)) {
        recorder?.dispose(); // its records stay
        this.recorders.delete(target);
      }
    }
    for (const target of targets.filter((target) => !this.recorders.has(target))) {
      this.recorders.set(target, undefined);
      void this.source.pageModel(target).then((page) => {
        if (this.store.isDisposed || !this.recorders.has(target)) {
          return;
        }
        const recorder = new PageNetworkRecorder(page, this.records);
        this.recorders.set(target, recorder);
        page.onDidClose(() => recorder.dispose());
      }, ignoreClosed);
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}
