import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { PageTarget } from '../target/pageTarget';
import { TargetClosedError } from '../target/targetClosedError';
import { abortable } from '../action/abort';
import { AgentError } from '../action/agentError';
import { pageIdOf } from './pageIds';

/** A file chooser the page opened (a click on `<input type=file>`, or a button calling showPicker), waiting for files. */
export interface OpenFileChooser {
  readonly backendNodeId: number;
  readonly multiple: boolean;
}

/**
 * The file choosers of one page as the agent meets them: intercepted while an action of the agent
 * runs (the shared `fileChooser` switch the canvas uses too), so a click can say it opened one and
 * upload_file can answer it. Only then: with no canvas showing the page, a developer's click in a
 * visible browser window still gets the browser's own chooser, and a chooser the developer opened
 * on the canvas is never the agent's to answer. The latest one waits until it is answered, another
 * opens, or the page navigates.
 */
export class FileChoosers implements IDisposable {
  private readonly store = new DisposableStore();
  private waiting: OpenFileChooser | undefined;
  private opened = 0;
  /** Actions of the agent running now: choosers opened meanwhile are the agent's to answer. */
  private watching = 0;

  constructor(private readonly page: PageTarget) {
    this.store.add(
      onCdpEvent(page, 'Page.fileChooserOpened', ({ backendNodeId, mode }) => {
        if (backendNodeId !== undefined && this.watching > 0) {
          this.opened++;
          this.waiting = { backendNodeId, multiple: mode === 'selectMultiple' };
        }
      }),
    );
    this.store.add(onCdpEvent(page, 'Page.frameNavigated', ({ frame }) => void (!frame.parentId && (this.waiting = undefined))));
  }

  /** Runs `action` (a click, a key press) and says which chooser it opened, if one did. */
  async watch<T extends object>(action: () => Promise<T>, signal: AbortSignal): Promise<T & { fileChooser?: OpenFileChooser }> {
    const intercepting = await this.page.use('fileChooser');
    this.watching++;
    try {
      const before = this.opened;
      const result = await action();
      // The browser reports the chooser just after the input that opened it: one round trip to the
      // renderer lets that report arrive first.
      await abortable(this.page.send('Runtime.evaluate', { expression: '0' }), signal);
      return { ...result, fileChooser: this.opened > before ? this.waiting : undefined };
    } finally {
      this.watching--;
      intercepting.dispose();
    }
  }

  /** Gives the waiting chooser's input these files (real paths), as choosing them would. */
  async answer(files: readonly string[], signal: AbortSignal): Promise<OpenFileChooser> {
    const chooser = this.waiting;
    if (!chooser) {
      throw new AgentError('NOT_FOUND', `No file chooser is open on page ${pageIdOf(this.page.target)}. Pass the file input's ref, or click what opens the chooser first.`);
    }
    if (files.length > 1 && !chooser.multiple) {
      throw new AgentError('INVALID_INPUT', `The file chooser open on page ${pageIdOf(this.page.target)} takes one file; you gave ${files.length}.`);
    }
    await abortable(this.page.send('DOM.setFileInputFiles', { backendNodeId: chooser.backendNodeId, files: [...files] }), signal).catch((error: unknown) => {
      throw error instanceof AgentError || error instanceof TargetClosedError ? error : new AgentError('STALE_REF', `The file input that opened the chooser is gone from page ${pageIdOf(this.page.target)}. Take a new snapshot_page.`);
    });
    this.waiting = undefined;
    return chooser;
  }

  /** What a click's result says when it opened a chooser. */
  static note(chooser: OpenFileChooser | undefined): string {
    return chooser ? ` A file chooser opened for ${chooser.multiple ? 'one or more files' : 'one file'}: answer it with upload_file, giving no ref or selector.` : '';
  }

  dispose(): void {
    this.store.dispose();
  }
}
