// One tile's strip: its session's timeline entries in a row under the tile, newest last, each with
// who did it (the developer, or the agent and its client), one line of what, and its picture. Hover
// an entry: its target box over its picture. Scrub (drag across, press, or the arrow keys): `scrub`
// says which entry the tile should show; Esc, or a drag leaving the strip, goes back to live.
import { element } from '../dom';
import type { ShownEntry } from './stripEntries';
import { StripEntries } from './stripEntries';

/** The strip's height on screen (px): small, under the tile, out of the way of its input. */
export const STRIP_HEIGHT = 104;

export class TileStrip {
  readonly root = element('div', 'timeline-strip');
  readonly entries = new StripEntries();
  private readonly row = element('div', 'strip-row');
  private readonly empty = element('div', 'strip-empty', 'No actions on this session yet.');
  private scrubbed: number | undefined;

  constructor(
    private readonly sessionId: string,
    label: string,
    private readonly scrub: (entry: ShownEntry | undefined) => void,
  ) {
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'listbox');
    this.root.setAttribute('aria-label', `Timeline of ${label}: arrow keys go back through it, Escape returns to the live page`);
    this.root.append(this.row, this.empty);
    this.root.addEventListener('pointerdown', (event) => this.scrubAt(event));
    this.root.addEventListener('pointermove', (event) => (event.buttons & 1 ? this.scrubAt(event) : undefined));
    // A drag that leaves the strip was a look back: live again. A press let go on an entry stays there.
    this.root.addEventListener('pointerleave', (event) => (event.buttons & 1 ? this.toLive() : undefined));
    this.root.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** The entry the tile shows in place of the live page, if any. */
  get scrubbedSeq(): number | undefined {
    return this.scrubbed;
  }

  /** Redraws the row; it stays at the newest end if it was there. */
  render(): void {
    const atEnd = this.row.scrollLeft + this.row.clientWidth >= this.row.scrollWidth - 4;
    const entries = this.entries.all();
    const newest = entries.at(-1)?.seq;
    this.row.replaceChildren(...entries.map((entry) => this.item(entry, newest!)));
    this.empty.hidden = entries.length > 0;
    if (atEnd) {
      this.row.scrollLeft = this.row.scrollWidth;
    }
  }

  private item(entry: ShownEntry, newest: number): HTMLElement {
    const item = element('div', `strip-entry strip-${entry.actor}`);
    item.dataset.seq = String(entry.seq);
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(entry.seq === this.scrubbed));
    item.title = `${entry.line}\n${new Date(entry.time).toLocaleString()}`;
    // A place for range commands on an entry (Save as Flow, Replay from here…): the editor's webview/context menu gets these.
    item.dataset.vscodeContext = JSON.stringify({ webviewSection: 'timelineEntry', sessionId: this.sessionId, fromSeq: entry.seq, toSeq: newest, preventDefaultContextMenuItems: true });
    const frame = element('div', 'strip-picture');
    if (entry.picture) {
      const picture = element('img');
      picture.alt = '';
      picture.src = entry.picture;
      frame.append(picture);
    }
    if (entry.target) {
      const { box, viewport } = entry.target;
      const mark = element('div', 'strip-target');
      Object.assign(mark.style, { left: percent(box.x, viewport.width), top: percent(box.y, viewport.height), width: percent(box.width, viewport.width), height: percent(box.height, viewport.height) });
      frame.append(mark);
    }
    const who = entry.actor === 'agent' ? `agent${entry.client ? ` · ${entry.client}` : ''}` : 'developer';
    item.append(frame, element('div', 'strip-who', `#${entry.seq} ${who}`), element('div', 'strip-line', entry.line.replace(/^#\d+ \S+( \([^)]*\))? /, '')));
    if (entry.seq === this.scrubbed) {
      item.classList.add('scrubbed');
    }
    return item;
  }

  private scrubAt(event: PointerEvent): void {
    const seq = (event.target as Element | null)?.closest<HTMLElement>('.strip-entry')?.dataset.seq;
    if (seq !== undefined) {
      this.scrubTo(Number(seq));
    }
  }

  private onKey(event: KeyboardEvent): void {
    const entries = this.entries.all();
    const index = entries.findIndex((entry) => entry.seq === this.scrubbed);
    const at = index === -1 ? entries.length : index;
    const moves: Record<string, number | undefined> = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: entries.length - 1 };
    if (event.key === 'Escape') {
      this.toLive();
    } else if (event.key in moves) {
      const next = entries[Math.max(0, Math.min(entries.length - 1, moves[event.key]!))];
      if (next) {
        this.scrubTo(next.seq);
      }
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private scrubTo(seq: number): void {
    if (this.scrubbed === seq) {
      return;
    }
    this.scrubbed = seq;
    this.row.querySelectorAll('.strip-entry').forEach((item) => {
      const on = (item as HTMLElement).dataset.seq === String(seq);
      item.classList.toggle('scrubbed', on);
      item.setAttribute('aria-selected', String(on));
      if (on) {
        item.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
    });
    this.scrub(this.entries.get(seq));
  }

  /** Back to the live page. */
  toLive(): void {
    if (this.scrubbed === undefined) {
      return;
    }
    this.scrubbed = undefined;
    this.row.querySelectorAll('.scrubbed').forEach((item) => (item.classList.remove('scrubbed'), item.setAttribute('aria-selected', 'false')));
    this.scrub(undefined);
  }

  dispose(): void {
    this.entries.dispose();
    this.root.remove();
  }
}

function percent(part: number, whole: number): string {
  return `${(100 * part) / whole}%`;
}
