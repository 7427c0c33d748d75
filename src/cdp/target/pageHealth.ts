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
 * (the page's script is stopped until then), or a crashed renderer (until the page loads again).
 */
export class PageHealth implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  private openDialog: PageDialog | undefined;
  private hasCrashed = false;
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

  dispose(): void {
    this.store.dispose();
  }
}
