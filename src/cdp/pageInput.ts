import type { CdpClient } from './target/cdpChannel';

/** A mouse event at page CSS coordinates, as the canvas captured it. */
export interface MouseAction {
  readonly action: 'mousePressed' | 'mouseReleased' | 'mouseMoved' | 'mouseWheel';
  readonly x: number;
  readonly y: number;
  readonly button: 'none' | 'left' | 'middle' | 'right' | 'back' | 'forward';
  readonly buttons: number;
  readonly clickCount: number;
  readonly deltaX: number;
  readonly deltaY: number;
  /** CDP bit field: Alt=1, Ctrl=2, Meta=4, Shift=8. */
  readonly modifiers: number;
}

export interface KeyAction {
  readonly action: 'keyDown' | 'keyUp';
  readonly key: string;
  readonly code: string;
  /** What the key types ("\r" for Enter), or "" for keys that type nothing. */
  readonly text: string;
  /** The Windows virtual key code: Chromium's editing commands (Backspace, arrows) go by it. */
  readonly keyCode: number;
  readonly location: number;
  readonly autoRepeat: boolean;
  readonly modifiers: number;
}

/** Sends a developer's input to one page, as if it came from the browser window. */
export class PageInput {
  constructor(private readonly client: CdpClient) {}

  async mouse(event: MouseAction): Promise<void> {
    const wheel = event.action === 'mouseWheel';
    await this.client.send('Input.dispatchMouseEvent', {
      type: event.action,
      x: event.x,
      y: event.y,
      button: wheel ? 'none' : event.button,
      buttons: event.buttons,
      clickCount: event.clickCount,
      modifiers: event.modifiers,
      ...(wheel ? { deltaX: event.deltaX, deltaY: event.deltaY } : {}),
    });
  }

  async key(event: KeyAction): Promise<void> {
    // A keyDown with text both presses the key and types; rawKeyDown only presses it (shortcuts, arrows).
    const type = event.action === 'keyUp' ? 'keyUp' : event.text ? 'keyDown' : 'rawKeyDown';
    const typed = event.action === 'keyDown' && event.text ? { text: event.text, unmodifiedText: event.text } : {};
    await this.client.send('Input.dispatchKeyEvent', {
      type,
      key: event.key,
      code: event.code,
      windowsVirtualKeyCode: event.keyCode,
      nativeVirtualKeyCode: event.keyCode,
      location: event.location,
      autoRepeat: event.autoRepeat,
      modifiers: event.modifiers,
      ...typed,
    });
  }

  /** IME: `update` shows the text being composed in the focused field; `commit` inserts the final text. */
  async compose(action: 'update' | 'commit', text: string): Promise<void> {
    if (action === 'update') {
      await this.client.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    } else {
      await this.client.send('Input.insertText', { text });
    }
  }

  /** Inserts text at the caret as one edit (paste from the editor's clipboard). */
  async insertText(text: string): Promise<void> {
    await this.client.send('Input.insertText', { text });
  }
}
