// Keyboard input for the focused tile. A visually hidden <textarea> holds the focus so keys and IME
// composition arrive there; keys go to the page as keyDown/keyUp, composed text as composition input,
// and text that comes with no key (an emoji picker, dictation) as inserted text.
// Ctrl/Cmd+C and Ctrl/Cmd+V become clipboard requests (the host uses the editor's clipboard).
// Shift+Escape hands the keyboard back to the canvas; plain Escape belongs to the page.
import { element } from './dom';
import { modifierBits } from './modifiers';
import type { KeyInput } from '../contract/protocol';
import type { Point } from './rect';
import type { Post } from './vscodeApi';

const IME_KEY_CODE = 229;
/** Input with no key behind it: every key's own keyDown is kept from the textarea, so these alone reach it. */
const KEYLESS_INPUT = new Set(['insertText', 'insertReplacementText', 'insertFromDrop']);
/** Keys that belong to the editor, never to the page (Chromium would open its help page for F1). */
const EDITOR_KEYS = new Set(['F1']);
const CLIPBOARD_KEYS: Readonly<Record<string, 'copy' | 'paste'>> = { c: 'copy', v: 'paste' };

/** What a key types: a single printable character without Ctrl/Cmd (AltGr, reported as Ctrl+Alt, still types), "\r" for Enter. */
export function typedText(event: KeyboardEvent): string {
  if (event.key === 'Enter') {
    return '\r';
  }
  const command = event.metaKey || (event.ctrlKey && !event.altKey);
  return [...event.key].length === 1 && !command ? event.key : '';
}

export class PageKeyboard {
  readonly textarea = element('textarea', 'keyboard-sink');
  /** Keys whose keyDown was not sent (clipboard, Shift+Escape): their keyUp is not sent either. */
  private readonly swallowed = new Set<string>();

  constructor(
    private readonly post: Post,
    private readonly focusedTileId: () => string | undefined,
    private readonly releaseFocus: () => void,
  ) {
    const { textarea } = this;
    textarea.setAttribute('aria-label', 'Keyboard input for the focused page');
    textarea.autocomplete = 'off';
    textarea.spellcheck = false;
    textarea.addEventListener('keydown', (event) => this.onKey(event, 'keyDown'));
    textarea.addEventListener('keyup', (event) => this.onKey(event, 'keyUp'));
    textarea.addEventListener('compositionupdate', (event) => this.compose('update', event.data));
    textarea.addEventListener('compositionend', (event) => this.compose('commit', event.data));
    textarea.addEventListener('input', (event) => {
      const { isComposing, inputType } = event as InputEvent;
      if (isComposing) {
        return;
      }
      if (KEYLESS_INPUT.has(inputType) && textarea.value) {
        this.compose('commit', textarea.value); // inserted as it is, as a composition's end is
      }
      textarea.value = '';
    });
    textarea.addEventListener('blur', () => this.onBlur());
  }

  /** Takes the keyboard; `near` (client px) places the IME candidate window by the click. */
  focus(near?: Point): void {
    if (near) {
      this.textarea.style.left = `${near.x}px`;
      this.textarea.style.top = `${near.y}px`;
    }
    this.textarea.focus({ preventScroll: true });
  }

  blur(): void {
    this.textarea.blur();
  }

  private onKey(event: KeyboardEvent, action: KeyInput['action']): void {
    const tileId = this.focusedTileId();
    if (!tileId || event.isComposing || event.keyCode === IME_KEY_CODE || EDITOR_KEYS.has(event.key)) {
      return;
    }
    // No stopPropagation: the key still reaches the editor's keybindings (F1, Ctrl+P), as in any webview.
    event.preventDefault();
    if (action === 'keyUp' && this.swallowed.delete(event.code)) {
      return;
    }
    const clipboard = (event.ctrlKey || event.metaKey) && !event.altKey ? CLIPBOARD_KEYS[event.key.toLowerCase()] : undefined;
    if (action === 'keyDown' && (clipboard || (event.key === 'Escape' && event.shiftKey))) {
      this.swallowed.add(event.code);
      if (clipboard) {
        this.post({ type: 'clipboard', tileId, action: clipboard });
      } else {
        this.releaseFocus();
      }
      return;
    }
    this.post({
      type: 'key',
      tileId,
      action,
      key: event.key.slice(0, 32) || 'Unidentified',
      code: event.code.slice(0, 32),
      text: action === 'keyDown' ? typedText(event) : '',
      keyCode: Math.min(255, Math.max(0, event.keyCode)),
      location: Math.min(3, Math.max(0, event.location)),
      autoRepeat: event.repeat,
      modifiers: modifierBits(event),
    });
  }

  private compose(action: 'update' | 'commit', text: string): void {
    const tileId = this.focusedTileId();
    if (tileId) {
      this.post({ type: 'composition', tileId, action, text: text.slice(0, 2000) });
    }
    if (action === 'commit') {
      this.textarea.value = '';
    }
  }

  /** Focus moving elsewhere in the webview (toolbar, an overlay) releases the tile; the window losing focus does not. */
  private onBlur(): void {
    setTimeout(() => {
      if (document.hasFocus() && document.activeElement !== this.textarea) {
        this.releaseFocus();
      }
    });
  }
}
