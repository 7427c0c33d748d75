import { DisposableStore, IDisposable, toDisposable } from '../disposable';
import { Emitter } from '../events';
import type { CdpClient } from './cdpChannel';
import type { PageHealth } from './pageHealth';

/** `running`: as a browser runs a page in front of you. `frozen`: no script, timer, paint or frame. */
export type PaceState = 'running' | 'frozen';

/**
 * How fast one page runs: frozen (`Page.setWebLifecycleState`) while the canvas wants it to rest and
 * nothing needs it awake, running otherwise. A frozen page keeps everything (its timers resume where
 * they stopped, its form values stay), and costs no CPU: measured here, seven frozen animating pages
 * beside a streamed one cost the browser 0.66 cores against 1.06 running (CPU throttling cost more).
 *
 * Chromium does not freeze a page it takes for visible, and focus emulation (the `shown` switch)
 * makes a page visible; so this owns that switch: off while frozen, back on when thawed.
 */
export class PagePace implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<PaceState>());
  private wanted: PaceState = 'running';
  private applied: PaceState = 'running';
  private shownWanted = false;
  private shownApplied = false;
  /**
   * Frozen once: Chromium thaws a page hidden (`visibilityState`), and only focus emulation makes it
   * visible again (measured here: not `Page.bringToFront`), so from then on it stays on while the page runs.
   */
  private thawedHidden = false;
  /** Work that needs the page awake now (an agent action, a thumbnail's capture), and lingering wake-ups. */
  private holds = 0;
  /** Set while a wake-up lingers after its work (counted in `holds` once). */
  private linger: NodeJS.Timeout | undefined;
  private settling: Promise<void> | undefined;
  /** The page is running or frozen now (changes once the browser did it). */
  readonly onDidChange = this.changed.event;

  /**
   * `health`: a page showing a JavaScript dialog (or not answering at all) answers no pace command
   * until the dialog is closed (its renderer waits in the dialog's loop), so nothing is changed
   * meanwhile and no command waits for the pace (the one answering the dialog least of all); once it
   * answers again, the pace is brought where it should be. `onFailure`: a change nobody awaits that
   * failed other than by the page closing (PageTarget.warnUnlessClosed).
   */
  constructor(
    private readonly client: CdpClient,
    private readonly health: Pick<PageHealth, 'blocked' | 'onDidChange'>,
    private readonly onFailure: (error: unknown) => void,
  ) {
    this.store.add(health.onDidChange(() => !health.blocked && void this.settle().catch(onFailure)));
  }

  get state(): PaceState {
    return this.applied;
  }

  /** What the page should do when nothing holds it awake. */
  want(state: PaceState): Promise<void> {
    this.wanted = state;
    return this.settle();
  }

  /** Focus emulation, on while any feature shows the page, or once it was frozen (while it runs: see the class). */
  setShown(on: boolean): Promise<void> {
    this.shownWanted = on;
    return this.settle();
  }

  /** Keeps the page running until disposed (a replay that drives it through another connection). */
  hold(): IDisposable {
    this.holds++;
    const released = toDisposable(() => {
      this.holds--;
      void this.settle().catch(this.onFailure);
    });
    void this.settle().catch(this.onFailure);
    return released;
  }

  /**
   * Runs `work` on a running page: a frozen one is woken first, and may freeze again `lingerMs` after
   * (an agent's click is answered before the page has reacted to it: what it starts must run too).
   */
  async awake<T>(work: () => Promise<T>, lingerMs: number): Promise<T> {
    if (this.health.blocked || (this.wanted === 'running' && this.applied === 'running' && !this.settling)) {
      return work(); // nothing rests it (or a dialog holds it): sent at once, in the order asked, as without a pace
    }
    const held = this.hold();
    try {
      await this.settle();
      return await work();
    } finally {
      if (lingerMs > 0) {
        this.lingerFor(lingerMs);
      }
      held.dispose();
    }
  }

  private lingerFor(ms: number): void {
    if (this.store.isDisposed) {
      return;
    }
    if (this.linger) {
      clearTimeout(this.linger);
    } else {
      this.holds++;
    }
    this.linger = setTimeout(() => {
      this.linger = undefined;
      this.holds--;
      void this.settle().catch(this.onFailure);
    }, ms);
  }

  private get target(): PaceState {
    return this.holds > 0 ? 'running' : this.wanted;
  }

  private settle(): Promise<void> {
    if (this.store.isDisposed || this.health.blocked || (!this.settling && this.settled())) {
      return Promise.resolve();
    }
    this.settling ??= this.changeUntilSettled();
    return this.settling;
  }

  private settled(): boolean {
    return this.applied === this.target && this.shownApplied === this.focusEmulated;
  }

  private get focusEmulated(): boolean {
    return this.target === 'running' && (this.shownWanted || this.thawedHidden);
  }

  private async changeUntilSettled(): Promise<void> {
    try {
      while (!this.store.isDisposed && !this.settled()) {
        const target = this.target;
        if (target === 'frozen') {
          await this.setFocusEmulation(false);
          if (this.applied !== 'frozen') {
            await this.client.send('Page.setWebLifecycleState', { state: 'frozen' });
            this.applied = 'frozen';
            this.thawedHidden = true;
            this.changed.fire('frozen');
          }
        } else {
          if (this.applied !== 'running') {
            await this.client.send('Page.setWebLifecycleState', { state: 'active' });
            this.applied = 'running';
            this.changed.fire('running');
          }
          await this.setFocusEmulation(this.focusEmulated);
        }
      }
    } finally {
      this.settling = undefined;
    }
  }

  private async setFocusEmulation(on: boolean): Promise<void> {
    if (this.shownApplied !== on) {
      this.shownApplied = on;
      await this.client.send('Emulation.setFocusEmulationEnabled', { enabled: on });
    }
  }

  dispose(): void {
    clearTimeout(this.linger);
    this.store.dispose();
  }
}
