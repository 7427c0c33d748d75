import type * as vscode from 'vscode';
import type { LivePage } from '../../cdp';

/**
 * The canvas tile that has the keyboard: what a command, the chat or a handoff acts on when it is
 * given no session or page. CanvasPanels keeps it; everything else reads it here.
 */
export interface FocusedTile {
  /** Its page, while a canvas is open with a tile focused. */
  page(): LivePage | undefined;
  /** Its page's session. */
  sessionId(): string | undefined;
  /** Another tile (or none) has the keyboard. */
  readonly onDidChange: vscode.Event<void>;
}
