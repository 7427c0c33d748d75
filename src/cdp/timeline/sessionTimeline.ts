import { unwatchFile, watchFile } from 'node:fs';
import { appendFile, mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import type { Logger } from 'pino';
import { errorMessage } from '../errors';
import { Emitter } from '../events';
import type { NewTimelineEntry, TimelineEntry } from './timelineEntry';
import { ReadMark, readTail } from './timelineFileTail';

/** The file may hold this many times the bound before it is rewritten with the newest entries only. */
const REWRITE_FACTOR = 1.25;
/** How often the file is looked at for entries another writer added (a second window, the stdio server). */
const WATCH_MS = 1_000;
/** Appends take turns across writers; a writer that died holding the turn loses it after this long. */
const TURN_STALE_MS = 10_000;
const TURN_RETRIES = { retries: 60, minTimeout: 5, maxTimeout: 50 };

/**
 * One session's timeline: kept in memory (the newest `maxEntries`) and appended to a JSON-lines file in
 * the session's folder, so it is read back after an editor restart. Every window connected to the
 * session, and the stdio server, append to the same file: each append takes its turn (a lock beside the
 * file), reads what the others added first, and numbers its entry after theirs, so seq stays unique;
 * what the others add is also picked up as it comes. The file is rewritten (aside, then renamed) once it
 * holds a quarter more than the bound, so appends stay one write each. A line that is not an entry is
 * skipped and logged: a crash mid-write costs that entry, not the timeline.
 */
export class SessionTimeline {
  private readonly appended = new Emitter<TimelineEntry>();
  /** An entry joined: appended here, or found appended by another writer. */
  readonly onDidAppend = this.appended.event;
  private entries: TimelineEntry[] = [];
  private linesInFile = 0;
  private nextSeq = 1;
  private mark: ReadMark = { ino: -1, size: 0 };
  /** The file ends in a line cut short by a writer that died: the next line must start on a line of its own. */
  private cutShort = false;
  private loaded = false;
  /** Loading, then every read and write in turn: appends land in the file in seq order. */
  private queue: Promise<unknown>;
  private readonly watcher = () => void this.enqueue(() => this.catchUp());

  constructor(
    readonly file: string,
    private readonly maxEntries: () => number,
    private readonly log: Logger,
  ) {
    this.queue = this.catchUp().finally(() => (this.loaded = true));
    watchFile(file, { interval: WATCH_MS, persistent: false }, this.watcher);
  }

  /** Numbers and times `entry` after every entry in the file, keeps it, and appends it; resolves once it is written. */
  append(entry: NewTimelineEntry): Promise<TimelineEntry> {
    return this.enqueue(() =>
      this.inTurn(async () => {
        await this.catchUp();
        // As the file will hold it (no undefined fields), so an entry reads the same before and after a restart.
        const kept: TimelineEntry = JSON.parse(JSON.stringify({ ...entry, seq: this.nextSeq++, time: entry.time ?? new Date().toISOString() }));
        this.keep([kept]);
        await this.write(kept);
        this.appended.fire(kept);
        return kept;
      }),
    );
  }

  /** The seq of the oldest entry kept (the next one's when there is none): pictures of earlier ones go with them. */
  get oldestSeq(): number {
    return this.entries[0]?.seq ?? this.nextSeq;
  }

  /** The entries kept, oldest first, with every append made before this call and what other writers added. */
  async all(): Promise<readonly TimelineEntry[]> {
    await this.enqueue(() => this.catchUp());
    return [...this.entries];
  }

  private bound(): number {
    return Math.max(1, Math.floor(this.maxEntries()));
  }

  private keep(added: readonly TimelineEntry[]): void {
    this.entries.push(...added);
    this.entries.splice(0, this.entries.length - this.bound());
  }

  /** Takes in what the file gained since last read: all of it at first or after another writer rewrote it. */
  private async catchUp(): Promise<void> {
    let read;
    try {
      read = await readTail(this.file, this.mark);
    } catch (error) {
      this.log.warn({ event: 'timelineUnreadable', file: this.file, error: errorMessage(error) }, 'the timeline file could not be read');
      return;
    }
    if (!read) {
      return;
    }
    if (read.skipped.length) {
      this.log.warn({ event: 'timelineLinesSkipped', file: this.file, lines: read.skipped.slice(0, 20), count: read.skipped.length }, 'timeline lines that are not entries were skipped');
    }
    const known = this.nextSeq - 1;
    if (read.fromStart) {
      this.entries = [];
      this.linesInFile = 0;
    }
    this.keep(read.entries);
    this.linesInFile += read.lines;
    this.nextSeq = Math.max(this.nextSeq, ...read.entries.map((entry) => entry.seq + 1));
    this.mark = read.mark;
    this.cutShort = read.cutShort;
    if (this.loaded) {
      read.entries.filter((entry) => entry.seq > known).forEach((entry) => this.appended.fire(entry));
    }
  }

  /** Runs `work` while no other writer appends to the file; without the turn (a lock that fails), runs it anyway rather than lose the entry. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    let release: (() => Promise<void>) | undefined;
    try {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      // Its own name: proper-lockfile keeps one lock per name in a process, and the recorder lease has the file's.
      release = await lockfile.lock(`${this.file}.append`, { realpath: false, stale: TURN_STALE_MS, retries: TURN_RETRIES });
    } catch (error) {
      this.log.warn({ event: 'timelineTurn', file: this.file, error: errorMessage(error) }, 'appending to the timeline without waiting for other windows');
    }
    try {
      return await work();
    } finally {
      await release?.().catch(() => undefined);
    }
  }

  private async write(entry: TimelineEntry): Promise<void> {
    try {
      if (this.linesInFile + 1 > this.bound() * REWRITE_FACTOR) {
        await writeFileAtomic(this.file, this.entries.map((kept) => `${JSON.stringify(kept)}\n`).join(''), { mode: 0o600 });
        this.linesInFile = this.entries.length;
      } else {
        await appendFile(this.file, `${this.cutShort ? '\n' : ''}${JSON.stringify(entry)}\n`, { mode: 0o600 });
        this.linesInFile++;
      }
      const { ino, size } = await stat(this.file);
      this.mark = { ino, size }; // this writer's own line is known already
      this.cutShort = false;
    } catch (error) {
      // Kept in memory still: the session goes on, and the next rewrite may bring the file back.
      this.log.warn({ event: 'timelineNotWritten', file: this.file, error: errorMessage(error) }, 'a timeline entry could not be written to disk');
    }
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const done = this.queue.then(work);
    this.queue = done.catch(() => undefined);
    return done;
  }

  dispose(): void {
    unwatchFile(this.file, this.watcher);
    this.appended.dispose();
  }
}
