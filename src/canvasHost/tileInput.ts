import { errorMessage, LivePage, LivePages, SessionManager } from '../cdp';
import { HELD_BACK_NOTICE, PAGE_INPUT } from '../contract/heldBack';
import type { WebviewMessage } from '../contract/protocol';
import type { CanvasHost } from './canvasHost';
import type { OpenQuestions } from './openQuestions';
import { sessionOfTile } from './tileInfo';
import type { TileStreams } from './tileStreams';

export type TileMessage = Extract<WebviewMessage, { tileId: string }>;

type InputHost = Pick<CanvasHost, 'post' | 'warn' | 'readClipboard' | 'writeClipboard' | 'handoff' | 'record' | 'keepFullSpeed' | 'terminate' | 'confirmCloseLastPage'>;

/**
 * A tile's messages to its page: input in order (one queue per tile, so a press and its release stay
 * in order even when the press waits for a lookup), held back while the agent holds the session; a
 * press on a drop-down answered by the canvas's own list; the tile of a session with no page.
 */
export class TileInput {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly pages: LivePages,
    private readonly sessions: SessionManager,
    private readonly host: InputHost,
    private readonly streams: Pick<TileStreams, 'drawn'>,
    private readonly questions: OpenQuestions,
  ) {}

  handle(message: TileMessage): void {
    const page = this.pages.get(message.tileId);
    const pagelessSession = page ? undefined : sessionOfTile(message.tileId);
    if (!page && !(pagelessSession && this.pages.pagelessSessions().includes(pagelessSession))) {
      return; // the page (or the session) closed while the message was on its way
    }
    if (PAGE_INPUT.has(message.type) && this.sessions.get(page?.sessionId ?? pagelessSession!)?.controller === 'agent') {
      // The agent holds the session: the developer's input waits until they take it back.
      this.host.post({ type: 'notice', tileId: message.tileId, level: 'info', text: HELD_BACK_NOTICE });
      return;
    }
    if (!page) {
      void this.handleSessionTile(pagelessSession!, message).catch((error: unknown) => this.failed(pagelessSession!, message, error));
      return;
    }
    if (message.type === 'frameDrawn' || message.type === 'answerDialog') {
      // Never behind the queue: the input that opened a dialog only completes once it is answered.
      void this.handlePage(page, message).catch((error: unknown) => this.failed(page.sessionId, message, error));
      return;
    }
    const previous = this.queues.get(page.targetId) ?? Promise.resolve();
    const next = previous.then(() => this.handlePage(page, message)).catch((error: unknown) => this.failed(page.sessionId, message, error));
    this.queues.set(page.targetId, next);
  }

  /** The tile's page is gone: its queue with it. */
  forget(tileId: string): void {
    this.queues.delete(tileId);
  }

  /** The tile of a session with no page: a click opens one, close terminates the session, the badge hands it over. */
  private async handleSessionTile(sessionId: string, message: TileMessage): Promise<void> {
    switch (message.type) {
      case 'newPage':
        // The new page's tile takes the place of this one (the webview keeps a session's place).
        await this.sessions
          .connection(sessionId)
          ?.browser.newPage({ type: 'window' })
          .catch((error: unknown) => {
            throw new Error(`Could not open a page: ${errorMessage(error)}`);
          });
        return;
      case 'closeTile':
        return this.host.terminate(sessionId, false);
      case 'handoff':
        return this.host.handoff(sessionId, message.to);
    }
  }

  private async handlePage(page: LivePage, message: TileMessage): Promise<void> {
    switch (message.type) {
      case 'frameDrawn':
        return this.streams.drawn(page.targetId);
      case 'mouse':
        if (message.action === 'mousePressed' && message.button === 'left' && (await this.openSelect(page, message.x, message.y))) {
          return; // the canvas shows the drop-down's list; the page gets the choice, not the press
        }
        return page.input.mouse(message);
      case 'key':
        return page.input.key(message);
      case 'composition':
        return page.input.compose(message.action, message.text);
      case 'clipboard':
        return message.action === 'paste' ? page.input.insertText(await this.host.readClipboard()) : this.host.writeClipboard(await page.selectedText());
      case 'navigate':
        return page.navigate(message.url);
      case 'history':
        return page.history(message.action);
      case 'resizeTile':
        return page.resize(message.width, message.height);
      case 'closeTile':
        return this.closeTile(page);
      case 'chooseOption':
        if (this.questions.take(message)) {
          await page.closeSelect(message.index);
        }
        return;
      case 'answerDialog':
        if (this.questions.take(message)) {
          await page.answerDialog(message.accept, message.promptText);
        }
        return;
      case 'handoff':
        return this.host.handoff(page.sessionId, message.to);
      case 'record':
        return this.host.record(page.sessionId, page.targetId, message.start);
      case 'keepFullSpeed':
        return this.host.keepFullSpeed?.(page.sessionId, message.on);
    }
  }

  private async closeTile(page: LivePage): Promise<void> {
    if ((this.sessions.connection(page.sessionId)?.pageTargets.length ?? 0) <= 1) {
      // Closing the last page leaves a browser running with nothing to show: ask which the developer means.
      const choice = await this.host.confirmCloseLastPage(this.sessions.get(page.sessionId)?.label ?? page.sessionId);
      if (choice === 'terminate') {
        return this.host.terminate(page.sessionId, true);
      }
      if (choice !== 'closePage') {
        return;
      }
    }
    return page.close();
  }

  /** A press on a `<select>`: the canvas lists its options; `chooseOption` answers. */
  private async openSelect(page: LivePage, x: number, y: number): Promise<boolean> {
    const popup = await page.openSelectAt(x, y);
    if (!popup) {
      return false;
    }
    const requestId = this.questions.ask('selectOpened', page.targetId);
    const { selectedIndex, x: left, y: top, width, height } = popup;
    const options = popup.options.map(({ label, disabled, group }) => ({ label, disabled, ...(group === undefined ? {} : { group }) }));
    this.host.post({ type: 'selectOpened', tileId: page.targetId, requestId, options, selectedIndex, x: left, y: top, width, height });
    return true;
  }

  private failed(sessionId: string, message: TileMessage, error: unknown): void {
    this.host.warn(`Canvas ${message.type} on a tile of session ${sessionId} failed: ${errorMessage(error)}`);
    if (message.type !== 'frameDrawn' && message.type !== 'mouse' && message.type !== 'key') {
      this.host.post({ type: 'notice', tileId: message.tileId, level: 'error', text: errorMessage(error) });
    }
  }
}
