import { DisposableStore, errorMessage, FileChooserRequest, IDisposable, LivePage, SessionManager } from '../cdp';
import type { CanvasHost } from './canvasHost';
import type { OpenQuestions } from './openQuestions';

type OverlayHost = Pick<CanvasHost, 'post' | 'warn' | 'pickFiles'>;

/**
 * What the canvas shows over a tile besides its picture: the page's open dialog, its icon; and the
 * file chooser a developer's click opened, answered through the editor.
 */
export class PageOverlays {
  constructor(
    private readonly sessions: SessionManager,
    private readonly host: OverlayHost,
    private readonly questions: OpenQuestions,
  ) {}

  /** Follows a page until disposed. */
  watch(page: LivePage): IDisposable {
    const listeners = new DisposableStore();
    listeners.add(page.onDialog(() => this.postDialog(page, true)));
    listeners.add(page.onDidChangeFavicon(() => this.postFavicon(page)));
    listeners.add(page.onFileChooser((request) => void this.chooseFiles(page, request)));
    return listeners;
  }

  /** Tells a canvas (new, or new to this page) what is open and shown on the page now. */
  postCurrent(page: LivePage): void {
    if (page.openDialog) {
      this.postDialog(page, false);
    }
    if (page.favicon) {
      this.postFavicon(page);
    }
  }

  private async chooseFiles(page: LivePage, request: FileChooserRequest): Promise<void> {
    if (this.sessions.get(page.sessionId)?.controller === 'agent') {
      return; // the agent's click opened it: its result says so, and upload_file answers it
    }
    try {
      const files = await this.host.pickFiles(request.multiple);
      if (files?.length) {
        await request.choose(request.multiple ? files : files.slice(0, 1));
      }
    } catch (error) {
      this.host.warn(`Could not give files to a page of session ${page.sessionId}: ${errorMessage(error)}`);
    }
  }

  private postFavicon(page: LivePage): void {
    const icon = page.favicon?.data;
    this.host.post({ type: 'favicon', tileId: page.targetId, ...(icon ? { data: new Uint8Array(icon.buffer, icon.byteOffset, icon.byteLength) } : {}) });
  }

  /** The page's dialog, `opened` now (a new question) or open already (asked again, of a new canvas), or closed. */
  private postDialog(page: LivePage, opened: boolean): void {
    const dialog = page.openDialog;
    const tileId = page.targetId;
    if (!dialog) {
      this.questions.close('dialogOpened', tileId);
      this.host.post({ type: 'dialogClosed', tileId });
      return;
    }
    const requestId = (!opened && this.questions.current('dialogOpened', tileId)) || this.questions.ask('dialogOpened', tileId);
    this.host.post({ type: 'dialogOpened', tileId, requestId, ...dialog });
  }
}
