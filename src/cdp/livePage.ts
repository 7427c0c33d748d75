import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';
import type { PageState } from '../contract/shapes';
import { DisposableStore, IDisposable, toDisposable } from './disposable';
import { BrowserCanvasError } from './errors';
import { Emitter } from './events';
import { Favicon, faviconUrl, loadFavicon } from './favicon';
import { PageInput } from './pageInput';
import { selectedText } from './pageSide/selection';
import { PopupSizes } from './popupSizes';
import { onCdpEvent } from './puppeteerEvents';
import { Screencast } from './screencast';
import { chooseSelectOption, findSelectAt, SelectPopup } from './selectPopup';
import type { PageDialog } from './target/pageHealth';
import type { PaceState } from './target/pagePace';
import type { PageTarget } from './target/pageTarget';
import { unlessGone } from './target/targetClosedError';
import { setViewportSize } from './target/viewportSize';
import { startUrlCandidates } from './urls';

const INFO_REFRESH_MS = 500;

/** What the canvas shows of a page (its tile's header and buttons). */
export type PageInfo = PageState;

/** A page asked for files (a click on `<input type=file>`); the native chooser is never shown. */
export interface FileChooserRequest {
  readonly multiple: boolean;
  /** Gives the input these files (absolute paths), as choosing them in the chooser would. */
  choose(paths: readonly string[]): Promise<void>;
}

export type { PageDialog } from './target/pageHealth';

/**
 * One page of a session as the canvas sees it, a feature of the page's model (PageTarget, whose CDP
 * session is not puppeteer's, so screencast and input never disturb it): what the tile header shows,
 * and what the developer does to it.
 */
export class LivePage implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  private readonly dialogs = this.store.add(new Emitter<PageDialog | undefined>());
  private readonly fileChoosers = this.store.add(new Emitter<FileChooserRequest>());
  private readonly favicons = this.store.add(new Emitter<void>());
  private icon: Favicon | undefined;
  /** The icon address last looked up, loaded or not, so a missing icon is not asked for on every load. */
  private iconUrl = '';
  private current: PageInfo;
  private select: SelectPopup | undefined;
  /** Reads overlap during a navigation; only the newest one started may set what the tile shows. */
  private refreshes = 0;

  readonly onDidChange = this.changed.event;
  /** A JS dialog opened (`undefined`: it closed). */
  readonly onDialog = this.dialogs.event;
  readonly onFileChooser = this.fileChoosers.event;
  readonly onDidChangeFavicon = this.favicons.event;
  readonly screencast: Screencast;
  readonly input: PageInput;
  /** The sizes this page asked for its popups (`window.open` features), for LivePages to give them. */
  readonly popupSizes: PopupSizes;

  static async open(model: PageTarget): Promise<LivePage> {
    const { targetInfo } = await model.send('Target.getTargetInfo');
    const page = new LivePage(model, targetInfo.openerId);
    try {
      if (model.health.unanswered) {
        // A tile still, so the developer sees why and can reload it; the rest once the page answers.
        page.current = { ...page.current, url: targetInfo.url, title: targetInfo.title };
        page.whenAnswered(() => page.show());
      } else {
        await page.show();
      }
    } catch (error) {
      page.dispose();
      throw error;
    }
    page.refreshFaviconLater();
    return page;
  }

  readonly sessionId: string;
  readonly targetId: string;

  /** A tile on the canvas is a page on screen: focused, and still streaming if a tab covers it; its file choosers come to us. */
  private async show(): Promise<void> {
    this.store.add(await this.client.use('fileChooser'));
    this.store.add(await this.client.use('shown'));
    await this.refresh();
  }

  private whenAnswered(work: () => Promise<void>): void {
    const listener = this.store.add(
      this.client.health.onDidChange(() => {
        if (!this.client.health.unanswered) {
          listener.dispose();
          void work().catch(this.client.warnUnlessClosed('showing the page once it answered'));
        }
      }),
    );
  }

  private constructor(
    private readonly client: PageTarget,
    openerId: string | undefined,
  ) {
    this.sessionId = client.sessionId;
    this.targetId = client.targetId;
    this.current = { url: '', title: '', canGoBack: false, canGoForward: false, width: 0, height: 0, openerId, crashed: false, unanswered: client.health.unanswered };
    this.screencast = this.store.add(new Screencast(client, client.pace, client));
    this.input = new PageInput(client);
    this.popupSizes = this.store.add(new PopupSizes(client));
    this.listen('Page.frameNavigated', (event) => !event.frame.parentId && this.refreshLater());
    this.listen('Page.navigatedWithinDocument', () => this.refreshLater());
    this.listen('Page.loadEventFired', () => (this.refreshLater(), this.refreshFaviconLater()));
    // Chromium does not report every title a script sets: a page on screen is read again now and then,
    // and at once when it repaints after a quiet spell.
    let lastRead = 0;
    const refreshOnScreen = () => {
      if (this.screencast.streaming && performance.now() - lastRead > INFO_REFRESH_MS) {
        lastRead = performance.now();
        this.refreshLater();
      }
    };
    this.store.add(this.screencast.onFrame(refreshOnScreen));
    const timer = setInterval(refreshOnScreen, INFO_REFRESH_MS);
    this.store.add(toDisposable(() => clearInterval(timer)));
    this.store.add(
      client.health.onDidChange(() => {
        this.dialogs.fire(client.health.dialog);
        const { crashed, unanswered } = client.health;
        if (crashed !== this.current.crashed || unanswered !== this.current.unanswered) {
          this.current = { ...this.current, crashed, unanswered };
          this.changed.fire();
        }
      }),
    );
    this.listen('Page.fileChooserOpened', ({ backendNodeId, mode }) => {
      if (backendNodeId !== undefined) {
        const choose = async (files: readonly string[]) => void (await this.client.send('DOM.setFileInputFiles', { backendNodeId, files: [...files] }));
        this.fileChoosers.fire({ multiple: mode === 'selectMultiple', choose });
      }
    });
  }

  get info(): PageInfo {
    return this.current;
  }

  /** The icon the page shows in a browser's tab strip, once loaded. */
  get favicon(): Favicon | undefined {
    return this.icon;
  }

  private refreshFaviconLater(): void {
    void this.refreshFavicon().catch(this.client.warnUnlessClosed("a load of the page's icon"));
  }

  /** Loads the page's icon again if it names another one; a page without one shows none. */
  private async refreshFavicon(): Promise<void> {
    // A document replaced mid-read shows no icon for now: the next load looks again.
    const url = await unlessGone(faviconUrl(this.client));
    if (url === undefined || url === this.iconUrl) {
      return;
    }
    this.iconUrl = url;
    const icon = url ? await unlessGone(loadFavicon(this.client, url)) : undefined;
    if (this.iconUrl === url && (icon || this.icon)) {
      this.icon = icon;
      this.favicons.fire();
    }
  }

  /**
   * How the canvas wants the page to run when nothing else needs it: `frozen` rests it (a thumbnail's
   * captures and any command that needs it running wake it for as long as they take).
   */
  setPace(state: PaceState): Promise<void> {
    return this.client.pace.want(state);
  }

  /** The JS dialog waiting for an answer, if any. */
  get openDialog(): PageDialog | undefined {
    return this.client.health.dialog;
  }

  /**
   * Reads again in the background, as nobody awaits it: a read that failed (too slow under load, say)
   * is logged and made again at the next event or tick.
   */
  refreshLater(): void {
    void this.refresh().catch(this.client.warnUnlessClosed("a read of the page's title and address"));
  }

  /** Reads title, address, history and viewport again (after a navigation or a title change). */
  async refresh(): Promise<void> {
    const refresh = ++this.refreshes;
    const [{ targetInfo }, history, viewport] = await Promise.all([
      this.client.send('Target.getTargetInfo'),
      this.client.send('Page.getNavigationHistory'),
      // A document being replaced has no context to evaluate in: keep the last size then.
      unlessGone(this.client.send('Runtime.evaluate', { expression: '[innerWidth, innerHeight]', returnByValue: true })),
    ]);
    if (refresh !== this.refreshes) {
      return;
    }
    const [width, height] = (viewport?.result.value as [number, number] | undefined) ?? [this.current.width, this.current.height];
    const next: PageInfo = {
      ...this.current,
      url: targetInfo.url,
      title: targetInfo.title,
      canGoBack: history.currentIndex > 0,
      canGoForward: history.currentIndex < history.entries.length - 1,
      width,
      height,
    };
    if (JSON.stringify(next) !== JSON.stringify(this.current)) {
      this.current = next;
      this.changed.fire();
    }
  }

  /** Opens what the developer typed; a bare host that fails over https is tried over http, as the address bar does. */
  async navigate(address: string): Promise<void> {
    const candidates = startUrlCandidates(address);
    for (const [index, url] of candidates.entries()) {
      const { errorText } = await this.client.send('Page.navigate', { url });
      if (!errorText || errorText === 'net::ERR_ABORTED') {
        return;
      }
      if (index === candidates.length - 1) {
        throw new BrowserCanvasError('NAVIGATION_FAILED', `Could not open ${url}: ${errorText}.`, 'Check the address, or that the site is reachable from this machine.');
      }
    }
  }

  async history(action: 'back' | 'forward' | 'reload'): Promise<void> {
    if (action === 'reload') {
      await this.client.send('Page.reload');
      return;
    }
    const { currentIndex, entries } = await this.client.send('Page.getNavigationHistory');
    const entry = entries[currentIndex + (action === 'back' ? -1 : 1)];
    if (entry) {
      await this.client.send('Page.navigateToHistoryEntry', { entryId: entry.id });
    }
  }

  /** Gives the page a CSS viewport of `width` x `height` (its window's size: see setViewportSize). */
  async resize(width: number, height: number): Promise<void> {
    await setViewportSize(this.client, width, height);
    await this.refresh();
  }

  async answerDialog(accept: boolean, promptText?: string): Promise<void> {
    await this.client.send('Page.handleJavaScriptDialog', { accept, promptText });
  }

  /** A press on a drop-down opens the canvas's list instead of the invisible native popup. */
  async openSelectAt(x: number, y: number): Promise<SelectPopup | undefined> {
    await this.closeSelect(-1);
    this.select = await findSelectAt(this.client, x, y);
    return this.select;
  }

  async closeSelect(index: number): Promise<boolean> {
    const popup = this.select;
    this.select = undefined;
    return popup ? chooseSelectOption(this.client, popup, index) : false;
  }

  /** The text selected in the page, or in its focused field. */
  async selectedText(): Promise<string> {
    const { result } = await this.client.send('Runtime.evaluate', {
      expression: `(${selectedText.toString()})()`,
      returnByValue: true,
    });
    return typeof result.value === 'string' ? result.value : '';
  }

  async close(): Promise<void> {
    await this.client.send('Page.close');
  }

  private listen<E extends keyof ProtocolMapping.Events>(event: E, handler: (...args: ProtocolMapping.Events[E]) => void): void {
    this.store.add(onCdpEvent(this.client, event, handler));
  }

  /** Stops what the canvas does to the page; the page model and its other features stay. */
  dispose(): void {
    if (this.store.isDisposed) {
      return;
    }
    void this.closeSelect(-1).catch(this.client.warnUnlessClosed("closing the canvas's drop-down"));
    void this.setPace('running').catch(this.client.warnUnlessClosed('letting the page run without the canvas')); // the canvas froze it; without the canvas it runs
    this.store.dispose();
  }
}
