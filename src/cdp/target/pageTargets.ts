import type { Logger } from 'pino';
import type { Target } from 'puppeteer-core';
import type { IDisposable } from '../disposable';
import { Emitter } from '../events';
import { PageTarget } from './pageTarget';
import { TargetClosedError } from './targetClosedError';
import { targetIdOf } from './targetId';

/** Where a feature gets a page's model: a BrowserSession, or (in tests on a bare browser) PageTargets. */
export interface PageModels {
  pageModel(target: Target): Promise<PageTarget>;
}

/**
 * The page models of one connection, one per page target, attached on first use and disposed when
 * their target closes or the connection ends (BrowserSession calls `closed` and `dispose`).
 */
export class PageTargets implements PageModels, IDisposable {
  private readonly models = new Map<Target, Promise<PageTarget>>();
  private readonly attached = new Emitter<PageTarget>();
  private disposed = false;
  /** A page's model was attached (by whichever feature first used it). */
  readonly onDidAttach = this.attached.event;

  /** `log`: where a page's background failures go (PageTarget.warnUnlessClosed). */
  constructor(
    private readonly sessionId: string,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  pageModel(target: Target): Promise<PageTarget> {
    if (this.disposed) {
      return Promise.reject(new TargetClosedError(targetIdOf(target)));
    }
    let model = this.models.get(target);
    if (!model) {
      model = PageTarget.attach(this.sessionId, target, this.log);
      this.models.set(target, model);
      const attached = model;
      attached.then(
        (page) => (this.disposed || this.models.get(target) !== attached ? page.dispose() : this.attached.fire(page)), // closed while attaching
        () => this.models.get(target) === attached && this.models.delete(target),
      );
    }
    return model;
  }

  closed(target: Target): void {
    const model = this.models.get(target);
    this.models.delete(target);
    void model?.then((page) => page.dispose(), () => undefined); // a failed attach has nothing to dispose
  }

  dispose(): void {
    this.disposed = true;
    this.attached.dispose();
    [...this.models.keys()].forEach((target) => this.closed(target));
  }
}
