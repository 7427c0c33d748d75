// Over a tile's page area while its strip is scrubbed: the entry's picture in place of the live page,
// marked "as it was", with the way back to live. It covers the page area, so no click reaches the page
// through a picture of the past (keys are held back by the canvas: CanvasApp's pagePost).
import { element, placeOver } from '../dom';
import type { Rect } from '../rect';
import type { ShownEntry } from './stripEntries';

export class PastView {
  readonly root = element('div', 'past-view');
  private readonly picture = element('img', 'past-picture');
  private readonly banner = element('div', 'past-banner');
  private readonly label = element('span', 'past-label');
  private readonly back = element('button', 'past-back', 'Back to live (Esc)');

  constructor(backToLive: () => void) {
    this.picture.alt = '';
    this.back.addEventListener('click', backToLive);
    this.banner.append(this.label, this.back);
    this.root.append(this.picture, this.banner);
    this.root.setAttribute('role', 'img');
  }

  show(entry: ShownEntry, pageArea: Rect): void {
    const said = `As it was at #${entry.seq}, ${new Date(entry.time).toLocaleTimeString()}`;
    this.label.textContent = entry.picture ? said : `${said} (no picture: no tile showed the page then)`;
    this.root.setAttribute('aria-label', said);
    this.root.dataset.seq = String(entry.seq);
    this.picture.hidden = !entry.picture;
    if (entry.picture && this.picture.getAttribute('src') !== entry.picture) {
      this.picture.src = entry.picture;
    }
    this.place(pageArea);
  }

  place(pageArea: Rect): void {
    placeOver(this.root, pageArea);
  }
}
