import { appendFile, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Logger } from 'pino';
import { errorMessage } from '../errors';
import { Emitter } from '../events';
import { NewTimelineEntry, parseTimelineLine, TimelineEntry } from './timelineEntry';

/** The file may hold this many times the bound before it is rewritten with the newest entries only. */
const REWRITE_FACTOR = 1.25;

/**
 * One session's timeline: kept in memory (the newest `maxEntries`) and appended to a JSON-lines file in
 * the session's folder, so it is read back after an editor restart. The file is rewritten (aside, then
 * renamed) once it holds a quarter more than the bound, so appends stay one write each. A line that is
 * not an entry is skipped and logged: a crash mid-write costs that entry, not the timeline.
 */
export class SessionTimeline {
  private readonly appended = new Emitter<TimelineEntry>();
  readonly onDidAppend = this.appended.event;
  private entries: TimelineEntry[] = [];
  private linesInFile = 0;
  private nextSeq = 1;
  /** Loading, then every write in turn: appends land in the file in seq order. */
  private queue: Promise<unknown>;

  constructor(
    readonly file: string,
    private readonly maxEntries: () => number,
    private readonly log: Logger,
  ) {
    this.queue = this.load();
  }

  /** Numbers and times `entry`, keeps it, and appends it to the file; resolves once it is written. */
  append(entry: NewTimelineEntry): Promise<TimelineEntry> {
    const write = this.queue.then(async () => {
      // As the file will hold it (no undefined fields), so an entry reads the same before and after a restart.
      const kept: TimelineEntry = JSON.parse(JSON.stringify({ ...entry, seq: this.nextSeq++, time: entry.time ?? new Date().toISOString() }));
      this.entries.push(kept);
      this.entries.splice(0, this.entries.length - this.bound());
      await this.write(kept);
      this.appended.fire(kept);
      return kept;
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** The seq of the oldest entry kept (the next one's when there is none): pictures of earlier ones go with them. */
  get oldestSeq(): number {
    return this.entries[0]?.seq ?? this.nextSeq;
  }

  /** The entries kept, oldest first, once every append made before this call is in. */
  async all(): Promise<readonly TimelineEntry[]> {
    await this.queue;
    return [...this.entries];
  }

  private bound(): number {
    return Math.max(1, Math.floor(this.maxEntries()));
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn({ event: 'timelineUnreadable', file: this.file, error: errorMessage(error) }, 'the timeline file could not be read; it starts again');
      }
      return;
    }
    const lines = text.split('\n').filter((line) => line.trim());
    const parsed = lines.map(parseTimelineLine);
    const skipped = parsed.flatMap((entry, index) => (entry ? [] : [index + 1]));
    if (skipped.length) {
      this.log.warn({ event: 'timelineLinesSkipped', file: this.file, lines: skipped.slice(0, 20), count: skipped.length }, 'timeline lines that are not entries were skipped');
    }
    const entries = parsed.filter((entry): entry is TimelineEntry => entry !== undefined);
    this.entries = entries.slice(-this.bound());
    this.linesInFile = lines.length;
    this.nextSeq = Math.max(0, ...entries.map((entry) => entry.seq)) + 1;
  }

  private async write(entry: TimelineEntry): Promise<void> {
    try {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      if (this.linesInFile + 1 > this.bound() * REWRITE_FACTOR) {
        await writeFileAtomic(this.file, this.entries.map((kept) => `${JSON.stringify(kept)}\n`).join(''), { mode: 0o600 });
        this.linesInFile = this.entries.length;
      } else {
        await appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
        this.linesInFile++;
      }
    } catch (error) {
      // Kept in memory still: the session goes on, and the next rewrite may bring the file back.
      this.log.warn({ event: 'timelineNotWritten', file: this.file, error: errorMessage(error) }, 'a timeline entry could not be written to disk');
    }
  }

  dispose(): void {
    this.appended.dispose();
  }
}
