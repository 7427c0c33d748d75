import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Logger } from 'pino';
import { errorMessage } from '../errors';

/** The folder beside a session's timeline.jsonl: one `<seq>.jpg` per entry that has a picture. */
export const THUMBNAILS_FOLDER = 'timeline-thumbnails';
/** A session keeps at most this many pictures, newest first, whatever its entry bound: a frame can be 100 KB. */
export const MAX_THUMBNAILS = 500;

const FILE = /^(\d+)\.jpg$/;

/**
 * The small pictures of one session's timeline entries: the canvas's own frame of the page shortly
 * after each action (no capture of its own), kept as JPEG files 0600 in a folder 0700. A picture goes
 * when its entry is dropped, or when the session holds more than MAX_THUMBNAILS.
 */
export class TimelineThumbnails {
  /** The seqs on disk, oldest first, read from the folder on first use. */
  private kept: Promise<number[]> | undefined;

  constructor(
    readonly folder: string,
    private readonly log: Logger,
  ) {}

  /** Keeps `jpeg` as entry `seq`'s picture, and drops those of entries before `oldestSeq` (dropped from the timeline). */
  async save(seq: number, jpeg: Uint8Array, oldestSeq: number): Promise<void> {
    const kept = await this.seqs();
    try {
      await mkdir(this.folder, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.fileOf(seq), Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), { mode: 0o600 });
      if (!kept.includes(seq)) {
        kept.push(seq);
        kept.sort((a, b) => a - b);
      }
    } catch (error) {
      this.log.warn({ event: 'thumbnailNotWritten', seq, error: errorMessage(error) }, 'a timeline thumbnail could not be written to disk');
    }
    await this.dropBefore(oldestSeq);
  }

  /** Entry `seq`'s picture, or undefined when it has none. Read from the folder, not the list: another window may have saved it. */
  async read(seq: number): Promise<Uint8Array | undefined> {
    // A plain Uint8Array, not the Buffer readFile gives: a Buffer's toJSON turns it into an array of numbers on the way to a webview.
    return readFile(this.fileOf(seq)).then((bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), () => undefined);
  }

  /** Drops the pictures of entries before `oldestSeq`, and the oldest past MAX_THUMBNAILS. */
  async dropBefore(oldestSeq: number): Promise<void> {
    const kept = await this.seqs();
    const excess = Math.max(0, kept.length - MAX_THUMBNAILS);
    const dropped = kept.filter((seq, index) => seq < oldestSeq || index < excess);
    if (dropped.length === 0) {
      return;
    }
    kept.splice(0, kept.length, ...kept.filter((seq) => !dropped.includes(seq)));
    await Promise.all(dropped.map((seq) => unlink(this.fileOf(seq)).catch(() => undefined)));
  }

  private seqs(): Promise<number[]> {
    this.kept ??= readdir(this.folder).then(
      (names) => names.flatMap((name) => FILE.exec(name)?.[1] ?? []).map(Number).sort((a, b) => a - b),
      () => [],
    );
    return this.kept;
  }

  private fileOf(seq: number): string {
    return path.join(this.folder, `${seq}.jpg`);
  }
}
