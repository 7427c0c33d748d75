import { open, stat } from 'node:fs/promises';
import type { TimelineEntry } from './timelineEntry';
import { parseTimelineLine } from './timelineEntry';

/** How far into the timeline file one reader has read: the file (by inode) and the bytes of whole lines. */
export interface ReadMark {
  readonly ino: number;
  readonly size: number;
}

export interface TailRead {
  /** True when the file was replaced or cut (another writer rewrote it): `entries` are then all of it. */
  readonly fromStart: boolean;
  readonly entries: TimelineEntry[];
  /** Line numbers (counted in what was read) that are not entries. */
  readonly skipped: number[];
  /** Lines read, entries or not. */
  readonly lines: number;
  /** A last line without its newline: a writer that died mid-write (or, unlocked, is still writing). */
  readonly cutShort: boolean;
  readonly mark: ReadMark;
}

/**
 * What the timeline file gained since `mark`: the lines other writers (another window, the stdio
 * server) appended, or the whole file when it was rewritten. Undefined when there is no file.
 */
export async function readTail(file: string, mark: ReadMark): Promise<TailRead | undefined> {
  const stats = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return undefined;
    }
    throw error;
  });
  if (!stats) {
    return undefined;
  }
  const fromStart = stats.ino !== mark.ino || stats.size < mark.size;
  const from = fromStart ? 0 : mark.size;
  const bytes = Buffer.alloc(stats.size - from);
  if (bytes.length) {
    const handle = await open(file, 'r');
    try {
      await handle.read(bytes, 0, bytes.length, from);
    } finally {
      await handle.close();
    }
  }
  const whole = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, whole).toString('utf8').split('\n').filter((line) => line.trim());
  const parsed = lines.map(parseTimelineLine);
  return {
    fromStart,
    entries: parsed.filter((entry): entry is TimelineEntry => entry !== undefined),
    skipped: parsed.flatMap((entry, index) => (entry ? [] : [index + 1])),
    lines: lines.length,
    cutShort: whole < bytes.length,
    mark: { ino: stats.ino, size: from + whole },
  };
}
