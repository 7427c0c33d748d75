import { DisposableStore, IDisposable, toDisposable } from '../disposable';
import type { Event } from '../events';
import type { PageTarget } from '../target/pageTarget';
import { DEFAULT_NETWORK_LIMITS, NetworkLimits, NetworkRecords } from './networkRecords';
import { PageNetworkRecorder } from './pageNetworkRecorder';

/** What the log needs of a connection: word of each page model attached. */
export interface NetworkLogSource {
  readonly onDidAttachPage: Event<PageTarget>;
}

/**
 * A session's network log while this window holds its connection: the requests of every page whose
 * model is attached (the canvas attaches every page of every connected session, the agent the pages
 * it touches), from that moment, bounded, oldest first. The HAR file is made from it (harLog.ts).
 * It joins models others attach rather than attaching its own at connect: attaching every page at
 * once changed the order of a page's first commands, and a page then holding a dialog stopped
 * answering its pace's focus emulation (canvasController.test's dialogs).
 */
export class SessionNetworkLog implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly recorders = new Set<PageNetworkRecorder>();
  readonly records: NetworkRecords;
  /** When this window started keeping the log (ms since the epoch): "since the session was connected". */
  readonly startedMs = Date.now();

  constructor(source: NetworkLogSource, limits: NetworkLimits = DEFAULT_NETWORK_LIMITS) {
    this.records = new NetworkRecords(limits);
    this.store.add(source.onDidAttachPage((page) => this.follow(page)));
    this.store.add(toDisposable(() => [...this.recorders].forEach((recorder) => recorder.dispose())));
  }

  private follow(page: PageTarget): void {
    const recorder = new PageNetworkRecorder(page, this.records);
    this.recorders.add(recorder);
    page.onDidClose(() => {
      recorder.dispose(); // its records stay
      this.recorders.delete(recorder);
    });
  }

  dispose(): void {
    this.store.dispose();
  }
}
