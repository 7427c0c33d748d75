// The entries one strip holds: merged by seq as replies and live entries come, newest last, bounded;
// each picture made into an object URL once, and let go when its entry leaves.
import { STRIP_ENTRIES } from '../../contract/limits';
import type { StripEntry } from '../../contract/protocol';

export interface ShownEntry extends StripEntry {
  /** The picture as an <img> source (blob: URL), if the entry has one. */
  readonly picture?: string;
}

export class StripEntries {
  private readonly bySeq = new Map<number, ShownEntry>();

  /** Adds or replaces entries; true when anything changed. */
  merge(entries: readonly StripEntry[]): boolean {
    for (const entry of entries) {
      const had = this.bySeq.get(entry.seq);
      if (had?.picture && entry.thumbnail === undefined) {
        continue; // a reply read before the picture was kept, after the live entry that brought it
      }
      this.release(had);
      this.bySeq.set(entry.seq, { ...entry, picture: pictureUrl(entry.thumbnail) });
    }
    const excess = [...this.bySeq.keys()].sort((a, b) => a - b).slice(0, Math.max(0, this.bySeq.size - STRIP_ENTRIES));
    excess.forEach((seq) => (this.release(this.bySeq.get(seq)), this.bySeq.delete(seq)));
    return entries.length > 0;
  }

  /** Oldest first. */
  all(): ShownEntry[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  get(seq: number): ShownEntry | undefined {
    return this.bySeq.get(seq);
  }

  dispose(): void {
    this.bySeq.forEach((entry) => this.release(entry));
    this.bySeq.clear();
  }

  private release(entry: ShownEntry | undefined): void {
    if (entry?.picture?.startsWith('blob:')) {
      URL.revokeObjectURL(entry.picture);
    }
  }
}

function pictureUrl(thumbnail: StripEntry['thumbnail']): string | undefined {
  if (thumbnail === undefined) {
    return undefined;
  }
  return typeof thumbnail === 'string' ? `data:image/jpeg;base64,${thumbnail}` : URL.createObjectURL(new Blob([thumbnail as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
}
