// Transient notices from the host: a toast at the bottom of the window, or at the bottom of a tile's
// page area when the notice is about one tile.
import { element } from '../dom';
import type { Rect } from '../rect';

const SHOW_MILLISECONDS = { info: 4000, error: 8000 } as const;

export class Notices {
  readonly root = element('div', 'notice-stack');

  constructor(private readonly overlayRoot: HTMLElement) {}

  /** `tileArea` is the tile's page area in client px, when the notice belongs to a tile on screen. */
  show(text: string, level: 'info' | 'error', tileArea?: Rect): void {
    const toast = element('div', `notice notice-${level}`, text);
    toast.setAttribute('role', level === 'error' ? 'alert' : 'status');
    if (tileArea) {
      toast.classList.add('notice-on-tile');
      toast.style.left = `${tileArea.x + tileArea.width / 2}px`;
      toast.style.top = `${tileArea.y + tileArea.height - 16}px`;
      this.overlayRoot.append(toast);
    } else {
      this.root.append(toast);
    }
    setTimeout(() => toast.remove(), SHOW_MILLISECONDS[level]);
  }
}
