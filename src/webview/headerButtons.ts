// The drawn header buttons as real buttons: each tile on screen gets a row of transparent <button>s laid
// over its drawn ones, so a screen reader names them and the keyboard reaches them (Tab from the
// canvas; Enter or Space presses). The mouse never meets them: it goes to the canvas as before, which
// shows the same names as tooltips (`headerActionLabel`).
import { element } from './dom';
import type { Rect } from './rect';
import type { TileView } from './tile';
import type { HeaderAction } from './tileHeader';
import type { TileInfo } from '../contract/protocol';

const ACTIONS: readonly HeaderAction[] = ['back', 'forward', 'reload', 'record', 'pin', 'timeline', 'address', 'badge', 'close'];

export function isHeaderAction(target: string): target is HeaderAction {
  return (ACTIONS as readonly string[]).includes(target);
}

/** What a header part does, in words: its tooltip and its accessible name. */
export function headerActionLabel(action: HeaderAction, info: TileInfo): string {
  switch (action) {
    case 'back':
      return 'Back';
    case 'forward':
      return 'Forward';
    case 'reload':
      return 'Reload';
    case 'record':
      return info.recording ? 'Stop Recording' : 'Record a Flow';
    case 'pin':
      return info.pinned ? 'Let Rest When Out of View' : 'Keep at Full Speed';
    case 'timeline':
      return 'Timeline (T)';
    case 'address':
      return `Address: ${info.url || 'about:blank'}`;
    case 'badge':
      return info.controller === 'agent' ? `Take Back from ${info.holder ?? 'the agent'}` : 'Hand to Agent…';
    case 'close':
      return info.pageless ? 'Terminate Session…' : 'Close Page';
  }
}

/** Back and forward need history; a session with no page has only its badge and close. */
export function headerActionEnabled(action: HeaderAction, info: TileInfo): boolean {
  if (info.pageless) {
    return action === 'badge' || action === 'close';
  }
  return (action !== 'back' || info.canGoBack) && (action !== 'forward' || info.canGoForward);
}

export class HeaderButtons {
  readonly root = element('div', 'header-buttons');
  private readonly rows = new Map<string, Map<HeaderAction, HTMLButtonElement>>();

  constructor(private readonly run: (tileId: string, action: HeaderAction) => void) {}

  /** Matches the buttons to `tiles` (those on screen), placed over their drawn parts. */
  sync(tiles: readonly TileView[], worldRectToClient: (rect: Rect) => Rect): void {
    const shown = new Set(tiles.map((tile) => tile.tileId));
    for (const [tileId, row] of this.rows) {
      if (!shown.has(tileId)) {
        row.forEach((button) => button.remove());
        this.rows.delete(tileId);
      }
    }
    for (const tile of tiles) {
      const row = this.rows.get(tile.tileId) ?? this.addRow(tile.tileId);
      for (const [action, button] of row) {
        const rect = worldRectToClient(tile.headerPartRect(action));
        const label = headerActionLabel(action, tile.info);
        button.setAttribute('aria-label', `${label} (${tile.info.title || tile.info.sessionLabel})`);
        button.disabled = rect.width < 1 || !headerActionEnabled(action, tile.info);
        Object.assign(button.style, { left: `${rect.x}px`, top: `${rect.y}px`, width: `${rect.width}px`, height: `${rect.height}px` });
      }
    }
  }

  private addRow(tileId: string): Map<HeaderAction, HTMLButtonElement> {
    const row = new Map<HeaderAction, HTMLButtonElement>();
    for (const action of ACTIONS) {
      const button = element('button', 'header-button');
      button.dataset.action = action;
      button.addEventListener('click', () => this.run(tileId, action));
      row.set(action, button);
      this.root.append(button);
    }
    this.rows.set(tileId, row);
    return row;
  }
}
