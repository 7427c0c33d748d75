import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { Emitter } from '../events';
import { onCdpEvent } from '../puppeteerEvents';
import type { CdpClient } from './cdpChannel';

export interface PageDialog {
  readonly kind: Protocol.Page.DialogType;
  readonly message: string;
  readonly defaultPrompt: string;
}

/**
 * What keeps a page from answering, as its model hears it: a JavaScript dialog waiting for an answer
 * (the page's script is stopped until then), a crashed renderer (until the page loads again), or a page
 * that did not answer when we attached.
 */
export class PageHealth implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  private openDialog: PageDialog | undefined;
  private hasCrashed = false;
  private answered = true;
  readonly onDidChange = this.changed.event;

  constructor(client: CdpClient) {
    const set = (dialog: PageDialog | undefined, crashed: boolean) => {
      this.openDialog = dialog;
      this.hasCrashed = crashed;
      this.changed.fire();
    };
    this.store.add(onCdpEvent(client, 'Page.javascriptDialogOpening', (event) => set({ kind: event.type, message: event.message, defaultPrompt: event.defaultPrompt ?? '' }, this.hasCrashed)));
    this.store.add(onCdpEvent(client, 'Page.javascriptDialogClosed', () => set(undefined, this.hasCrashed)));
    this.store.add(onCdpEvent(client, 'Inspector.targetCrashed', () => set(undefined, true)));
    this.store.add(onCdpEvent(client, 'Inspector.targetReloadedAfterCrash', () => set(undefined, false)));
  }

  /** The dialog waiting for an answer, if any. */
  get dialog(): PageDialog | undefined {
    return this.openDialog;
  }

  get crashed(): boolean {
    return this.hasCrashed;
  }

  /**
   * The page has not answered since we attached. Most often a dialog opened while no client of ours
   * was connected: Chromium then answers no new client's `Page.enable` (nor anything that needs the
   * renderer) and lets nobody close the dialog, until the page is reloaded (puppeteer#9729). A script
   * holding the main thread looks the same until it lets go.
   */
  get unanswered(): boolean {
    return !this.answered;
  }

  /** Set by the page's model: whether the page answered its first commands yet. */
  setAnswered(answered: boolean): void {
    if (this.answered !== answered) {
      this.answered = answered;
      this.changed.fire();
    }
  }

  /** Commands that need the renderer wait now (a dialog open, or a page that has not answered yet). */
  get blocked(): boolean {
    return !!this.openDialog || !this.answered;
  }

  dispose(): void {
    this.store.dispose();
  }
}
