import { entryLine, errorMessage, IDisposable, LivePages, TimelineEntry, Timelines } from '../cdp';
import { STRIP_ENTRIES } from '../contract/limits';
import type { StripEntry, WebviewMessage } from '../contract/protocol';
import { replyTo } from '../contract/requests';
import type { CanvasHost } from './canvasHost';
import type { TimelinePictures } from './timelinePictures';

type StripMessage = Extract<WebviewMessage, { type: 'timelineRange' | 'timelineFollow' }>;

/**
 * The tiles' strips of their session's timeline: a range of entries when one asks (`timelineRange`),
 * and each new entry, with its picture, to the tiles whose strip is open (`timelineFollow`).
 * The webview never touches the session: it gets entries as lines, boxes and JPEG bytes.
 */
export class TimelineStrips implements IDisposable {
  /** The tiles whose strip is open. */
  private readonly following = new Set<string>();
  private readonly listener: IDisposable;

  constructor(
    private readonly pages: LivePages,
    private readonly timelines: Pick<Timelines, 'entries' | 'thumbnail'>,
    pictures: Pick<TimelinePictures, 'onDidKeep'>,
    private readonly host: Pick<CanvasHost, 'post' | 'frameTransport' | 'warn'>,
  ) {
    this.listener = pictures.onDidKeep(({ sessionId, entry, thumbnail }) => {
      const shown = this.stripEntry(entry, thumbnail);
      const tiles = [...this.following].filter((tileId) => this.pages.get(tileId)?.sessionId === sessionId);
      if (shown) {
        tiles.forEach((tileId) => this.host.post({ type: 'timelineEntries', tileId, entries: [shown] }));
      }
    });
  }

  handle(message: StripMessage): void {
    if (message.type === 'timelineFollow') {
      if (message.on) {
        this.following.add(message.tileId);
      } else {
        this.following.delete(message.tileId);
      }
      return;
    }
    void this.range(message).catch((error: unknown) => this.host.warn(`Could not read the timeline for a tile's strip: ${errorMessage(error)}`));
  }

  /** The tile's page is gone: so is its strip. */
  forget(tileId: string): void {
    this.following.delete(tileId);
  }

  private async range(request: Extract<StripMessage, { type: 'timelineRange' }>): Promise<void> {
    const sessionId = this.pages.get(request.tileId)?.sessionId;
    const all = sessionId ? await this.timelines.entries(sessionId) : [];
    const inRange = all.filter((entry) => entry.seq >= (request.fromSeq ?? 1) && entry.seq <= (request.toSeq ?? Infinity));
    const entries = await Promise.all(inRange.slice(-STRIP_ENTRIES).map(async (entry) => this.stripEntry(entry, await this.timelines.thumbnail(sessionId!, entry.seq))));
    this.host.post(replyTo(request, { entries: entries.filter((entry): entry is StripEntry => entry !== undefined) }));
  }

  /** The entry as the strip shows it; undefined for one it does not list (a key's release alone). */
  private stripEntry(entry: TimelineEntry, thumbnail: Uint8Array | undefined): StripEntry | undefined {
    const line = entryLine(entry);
    if (line === undefined) {
      return undefined;
    }
    const picture = thumbnail && (this.host.frameTransport() === 'base64' ? Buffer.from(thumbnail).toString('base64') : thumbnail);
    return { seq: entry.seq, time: entry.time, actor: entry.actor, line, ...(entry.client ? { client: entry.client } : {}), ...(entry.target ? { target: entry.target } : {}), ...(picture ? { thumbnail: picture } : {}) };
  }

  dispose(): void {
    this.listener.dispose();
    this.following.clear();
  }
}
