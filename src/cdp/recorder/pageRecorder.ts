import type { Target } from 'puppeteer-core';
import type { PageModels } from '../target/pageTargets';
import { unlessClosed } from '../target/targetClosedError';
import { targetIdOf } from '../target/targetId';
import { DisposableStore, IDisposable } from '../disposable';
import { BrowserEventName, onEvent } from '../puppeteerEvents';
import { FlowRecording } from './flowRecording';
import type { UserFlow } from './flowSchema';
import { RecordedPage } from './recordedPage';

/**
 * Records what the developer does in one page (in a tile or in a visible browser window alike) as a
 * Chrome DevTools Recorder flow: its size and loads, clicks, changed values, special keys, scrolls and
 * resizes, in its iframes too, and in the popups it opens, which the recording follows. Password values
 * never leave the page: they become {{secret:NAME}}.
 */
export class PageRecorder implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly recording = new FlowRecording();
  private readonly pages = new Map<string, RecordedPage>();
  /** Popups being attached to: the flow waits for them. */
  private readonly following = new Set<Promise<void>>();

  private constructor(private readonly models: PageModels) {}

  static async start(models: PageModels, target: Target): Promise<PageRecorder> {
    const recorder = new PageRecorder(models);
    await recorder.follow(target, false);
    recorder.store.add(onEvent(target.browser(), BrowserEventName.targetCreated, (created) => recorder.opened(created)));
    recorder.store.add(onEvent(target.browser(), BrowserEventName.targetDestroyed, (destroyed) => recorder.closed(destroyed)));
    return recorder;
  }

  private async follow(target: Target, popup: boolean): Promise<void> {
    const model = await this.models.pageModel(target);
    const page = this.store.add(await RecordedPage.start(model, this.recording, popup));
    this.pages.set(page.id, page);
  }

  /** A page opened by a recorded one (window.open, a target=_blank link) is recorded too. */
  private opened(target: Target): void {
    const opener = target.opener();
    if (target.type() !== 'page' || !opener || !this.pages.has(targetIdOf(opener))) {
      return;
    }
    const following = unlessClosed(this.follow(target, true)).then(() => undefined); // closed again before we got there: nothing to follow
    this.following.add(following);
    void following.finally(() => this.following.delete(following));
  }

  private closed(target: Target): void {
    const page = this.pages.get(targetIdOf(target));
    if (!page) {
      return;
    }
    this.pages.delete(page.id);
    this.store.delete(page);
    if (page.popup) {
      this.recording.closed(page.id, page.label()!);
    }
  }

  /** The flow so far: popups being attached to are followed, what is settling in the pages reported, every step in flight made. */
  async flow(title: string): Promise<UserFlow> {
    await Promise.all(this.following);
    await Promise.all([...this.pages.values()].map((page) => page.flush()));
    return this.recording.flow(title);
  }

  dispose(): void {
    this.store.dispose();
  }
}
