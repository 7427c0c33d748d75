import type { Protocol } from 'devtools-protocol';
import type { Logger } from 'pino';
import type { Target } from 'puppeteer-core';
import { DisposableStore, IDisposable, toDisposable } from '../disposable';
import { Emitter } from '../events';
import { CdpChannel, CdpClient, CdpListener } from './cdpChannel';
import { PageHealth } from './pageHealth';
import { PagePace } from './pagePace';
import { targetIdOf } from './targetId';
import { asTargetClosed } from './targetClosedError';
import { BackgroundFailures } from './backgroundFailures';
import { onCdpEvent } from '../puppeteerEvents';

/**
 * Page-wide switches that several features may want at once: on while any of them uses it, off when the
 * last is done (`Page` itself is on for the model's whole life).
 */
const SHARED_SWITCHES = {
  /** Runtime events: execution contexts, bindings. */
  runtime: (client: PageTarget, on: boolean) => client.send(on ? 'Runtime.enable' : 'Runtime.disable'),
  /** A page's file chooser comes to us (`Page.fileChooserOpened`) instead of a native dialog no one sees. */
  fileChooser: (client: PageTarget, on: boolean) => client.send('Page.setInterceptFileChooserDialog', { enabled: on }),
  /** Network events: requests, responses, and the bodies Chromium keeps for `Network.getResponseBody`. */
  network: (client: PageTarget, on: boolean) => client.send(on ? 'Network.enable' : 'Network.disable'),
  /**
   * The page counts as focused, and as visible though a tab covers it (Chromium takes a page under focus
   * emulation for a captured one), so its screencast keeps sending frames. Covered, it paints only while
   * streamed and a screenshot of it waits seconds: launched sessions give each tab a window instead
   * (windowPerPage.ts). Set through the page's pace, as a frozen page must not count as visible.
   */
  shown: (page: PageTarget, on: boolean) => page.pace.setShown(on),
  /** Each iframe target (a cross-site iframe, in a process of its own) attached to us, on a flattened session (`attachedFrames`). */
  frameTargets: (page: PageTarget, on: boolean) => page.send('Target.setAutoAttach', { autoAttach: on, waitForDebuggerOnStart: false, flatten: true, filter: [{ type: 'iframe' }] }),
} as const;

/**
 * Commands that need no running page: they leave a frozen one frozen. Any other command wakes it
 * first (PagePace.awake), so the agent, the recorder and the canvas all act on a page that runs.
 */
const PASSIVE_COMMANDS = new Set<string>([
  'Page.setWebLifecycleState',
  'Emulation.setFocusEmulationEnabled',
  'Page.startScreencast',
  'Page.stopScreencast',
  'Page.screencastFrameAck',
  // A thumbnail's capture wakes the page itself for just as long as it takes (ThumbnailPoller).
  'Page.getLayoutMetrics',
  'Page.captureScreenshot',
  'Target.getTargetInfo',
  'Page.getNavigationHistory',
  'Runtime.disable',
  'Network.disable',
]);

/** How long a page woken by a command keeps running after it: what the command started runs on (a click's navigation). */
const WAKE_LINGER_MS = 5000;

/** How long attaching waits for a page's first answer before it hands the model out as unanswered. */
const FIRST_ANSWER_MS = 3000;

export type SharedSwitch = keyof typeof SHARED_SWITCHES;

/**
 * One page target of a connected session, and its single CDP session of ours: the canvas (LivePage),
 * the agent (AgentPage) and the recorder (RecordedPage) are features attached to it, as in
 * vscode-js-debug's target manager. It retries commands across renderer swaps, turns "the page went
 * away" into a TargetClosedError, and is disposed by its connection when the target closes or the
 * connection ends; features then get `onDidClose`.
 */
export class PageTarget implements CdpClient, IDisposable {
  private readonly store = new DisposableStore();
  private readonly closed = this.store.add(new Emitter<void>());
  private readonly switchUsers = new Map<SharedSwitch, number>();
  private slowCalls = 0;
  /** Where the page's work that nobody awaits reports its failures. */
  private readonly failures: BackgroundFailures;
  readonly onDidClose = this.closed.event;
  readonly targetId: string;
  /** An open dialog or a crash: what stops the page from answering. */
  readonly health: PageHealth;
  /** Running or frozen (the canvas's resource policy); a command that needs the page running wakes it. */
  readonly pace: PagePace;
  /**
   * The page's JavaScript contexts while `runtime` is on. Chromium names them once, when Runtime is
   * enabled: a feature that joins later (the recorder after the agent's console log) learns them here.
   */
  private readonly contexts = new Map<number, Protocol.Runtime.ExecutionContextDescription>();
  /** The iframe targets attached to this page's session, by session id: likewise for a feature that joins later. */
  private readonly frameSessions = new Map<string, Protocol.Target.TargetInfo>();

  static async attach(sessionId: string, target: Target, log: Pick<Logger, 'warn'>): Promise<PageTarget> {
    const targetId = targetIdOf(target);
    const session = await target.createCDPSession().catch((error: unknown) => Promise.reject(asTargetClosed(error, targetId)));
    const page = new PageTarget(sessionId, target, new CdpChannel(session, targetId, true), log);
    try {
      await page.send('Inspector.enable'); // crash events
      await page.enablePage();
    } catch (error) {
      page.dispose();
      throw error;
    }
    return page;
  }

  private constructor(
    /** The browser session (our session id) the page belongs to. */
    readonly sessionId: string,
    readonly target: Target,
    readonly channel: CdpChannel,
    log: Pick<Logger, 'warn'>,
  ) {
    this.targetId = channel.targetId;
    this.failures = new BackgroundFailures(log, { event: 'pageWorkFailed', page: this.targetId });
    this.health = this.store.add(new PageHealth(channel));
    this.pace = this.store.add(new PagePace(channel, this.health, this.warnUnlessClosed("a change of the page's pace")));
    this.store.add(onCdpEvent(channel, 'Runtime.executionContextCreated', ({ context }) => this.contexts.set(context.id, context)));
    this.store.add(onCdpEvent(channel, 'Runtime.executionContextDestroyed', ({ executionContextId }) => this.contexts.delete(executionContextId)));
    this.store.add(onCdpEvent(channel, 'Runtime.executionContextsCleared', () => this.contexts.clear()));
    this.store.add(onCdpEvent(channel, 'Target.attachedToTarget', ({ sessionId, targetInfo }) => targetInfo.type === 'iframe' && this.frameSessions.set(sessionId, targetInfo)));
    this.store.add(onCdpEvent(channel, 'Target.detachedFromTarget', ({ sessionId }) => this.frameSessions.delete(sessionId)));
  }

  /**
   * Turns on `Page` (loads, dialogs: one already open is reported again now). A page that has not
   * answered within FIRST_ANSWER_MS is handed out marked unanswered (PageHealth) rather than holding
   * up its tile and every feature: its answer still counts whenever it comes (after a reload).
   */
  private async enablePage(): Promise<void> {
    // No protocol timeout: such a page answers when it is reloaded, however late that is.
    const enabled = this.channel.send('Page.enable', undefined, { timeout: 0 });
    const inTime = await Promise.race([enabled.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, FIRST_ANSWER_MS, false))]);
    if (!inTime) {
      this.health.setAnswered(false);
      enabled.then(() => this.health.setAnswered(true), this.warnUnlessClosed("the page's late answer to Page.enable")); // closed: the page went, and its model with it
    }
  }

  /**
   * For `.catch` on work on this page that nobody awaits (`what` names it): a closed page ends it
   * quietly; any other failure is logged, once per kind, and never left as an unhandled rejection.
   */
  warnUnlessClosed(what: string): (error: unknown) => void {
    return this.failures.warnUnlessClosed(what);
  }

  /** The JavaScript contexts the page has now, as `Runtime.executionContextCreated` described them (with `runtime` on). */
  executionContexts(): Protocol.Runtime.ExecutionContextDescription[] {
    return [...this.contexts.values()];
  }

  attachedFrames(): Array<{ sessionId: string; targetInfo: Protocol.Target.TargetInfo }> {
    return [...this.frameSessions].map(([sessionId, targetInfo]) => ({ sessionId, targetInfo }));
  }

  readonly send: CdpClient['send'] = (...args) =>
    PASSIVE_COMMANDS.has(args[0]) ? this.channel.send(...args) : this.pace.awake(() => this.channel.send(...args), WAKE_LINGER_MS);
  on(type: string, handler: CdpListener): void {
    this.channel.on(type, handler);
  }

  off(type: string, handler: CdpListener): void {
    this.channel.off(type, handler);
  }

  get isClosed(): boolean {
    return this.store.isDisposed;
  }

  /** The page's address as puppeteer last heard it (no round trip). */
  get url(): string {
    return this.target.url();
  }

  /**
   * Marks `work` as known to keep the page's main thread busy for a while (the accessibility tree of
   * a huge page), so a watch for a stuck page gives it longer.
   */
  async expectSlow<T>(work: Promise<T>): Promise<T> {
    this.slowCalls++;
    try {
      return await work;
    } finally {
      this.slowCalls--;
    }
  }

  get busyWithSlowWork(): boolean {
    return this.slowCalls > 0;
  }

  /** Turns `name` on until the returned disposable is disposed and no other feature still uses it. */
  async use(name: SharedSwitch): Promise<IDisposable> {
    const users = this.switchUsers.get(name) ?? 0;
    this.switchUsers.set(name, users + 1);
    if (users === 0) {
      await SHARED_SWITCHES[name](this, true);
    }
    return toDisposable(() => {
      const left = (this.switchUsers.get(name) ?? 1) - 1;
      this.switchUsers.set(name, left);
      if (left === 0 && !this.isClosed) {
        // Fire and forget, so never a rejection no one handles (that ends the process): a page that
        // cannot answer now (a dialog open, a stuck script) keeps the switch on, which costs nothing
        // but events no feature listens to.
        void SHARED_SWITCHES[name](this, false).catch(() => undefined);
      }
    });
  }

  /** Called by the connection: the target closed or the connection ended. Safe twice. */
  dispose(): void {
    if (this.store.isDisposed) {
      return;
    }
    this.closed.fire();
    this.store.dispose();
    this.channel.detach();
  }
}
