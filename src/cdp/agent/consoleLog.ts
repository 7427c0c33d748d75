import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { CdpClient } from '../target/cdpChannel';
import type { PageTarget } from '../target/pageTarget';
import { consoleCallText } from './consoleText';
import { CrossSiteFrame, listenAcrossFrames } from './crossSiteFrames';

export type ConsoleLevel = 'error' | 'warning' | 'info' | 'debug';

/** Most severe first: a level filter keeps its own level and those before it. */
export const CONSOLE_LEVELS: readonly ConsoleLevel[] = ['error', 'warning', 'info', 'debug'];

export interface ConsoleEntry {
  /** 1, 2, 3… in the order the page logged them: what `since` counts. */
  readonly seq: number;
  readonly level: ConsoleLevel;
  readonly text: string;
  /** "url:line" of the call (or the throw), when the page's script has one. */
  readonly source?: string;
  /** The address of the cross-site iframe that logged it; none for the page's own process. */
  readonly frame?: string;
}

/** The last messages kept per page; older ones are dropped (the result says how many). */
const MAX_ENTRIES = 500;
/** One message's text at most: a page logging a megabyte at once must not flood a result. */
export const MAX_MESSAGE_CHARS = 1_000;

function levelOf(type: Protocol.Runtime.ConsoleAPICalledEvent['type']): ConsoleLevel {
  return type === 'error' || type === 'assert' ? 'error' : type === 'warning' ? 'warning' : type === 'debug' ? 'debug' : 'info';
}

function sourceOf(stackTrace: Protocol.Runtime.StackTrace | undefined, fallback?: { url?: string; lineNumber: number }): string | undefined {
  const frame = stackTrace?.callFrames[0] ?? (fallback?.url ? { url: fallback.url, lineNumber: fallback.lineNumber } : undefined);
  return frame?.url ? `${frame.url}:${frame.lineNumber + 1}` : undefined;
}

/** Capped, and a message of several lines (a stack) indented under its first, so no line of it can pass for another entry. */
function entryText(text: string): string {
  const cut = text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}… (${text.length} characters)` : text;
  return cut.replace(/\r?\n/g, '\n    ');
}

/**
 * A page's console messages and uncaught errors, from the moment the agent first touches the page.
 * Turning the runtime on makes Chromium report again what the current document logged before, so
 * those are kept too; earlier documents' messages are gone. A cross-site iframe logs in its own
 * process: heard on a session of its own, its messages say which frame they came from.
 */
export class ConsoleLog implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly entries: ConsoleEntry[] = [];
  private seq = 0;
  private readonly started: Promise<void>;

  constructor(page: PageTarget) {
    this.started = listenAcrossFrames(page, this.store, 'runtime', (client, frame) => this.listen(client, frame));
  }

  private listen(client: CdpClient, frame?: CrossSiteFrame): IDisposable {
    const store = new DisposableStore();
    store.add(onCdpEvent(client, 'Runtime.consoleAPICalled', ({ type, args, stackTrace }) => type !== 'endGroup' && this.add(levelOf(type), consoleCallText(args), sourceOf(stackTrace), frame?.url)));
    store.add(
      onCdpEvent(client, 'Runtime.exceptionThrown', ({ exceptionDetails: details }) =>
        this.add('error', `Uncaught ${details.exception?.description ?? details.text}`, sourceOf(details.stackTrace, details), frame?.url),
      ),
    );
    return store;
  }

  /** The messages after `since` (a seq), of `level` or more severe; `dropped`: how many after `since` are no longer kept. */
  async after(since: number, level: ConsoleLevel = 'debug'): Promise<{ entries: ConsoleEntry[]; dropped: number; last: number }> {
    await this.started;
    const wanted = new Set(CONSOLE_LEVELS.slice(0, CONSOLE_LEVELS.indexOf(level) + 1));
    const first = this.entries[0]?.seq ?? this.seq + 1;
    return {
      entries: this.entries.filter((entry) => entry.seq > since && wanted.has(entry.level)),
      dropped: Math.max(0, first - 1 - since),
      last: this.seq,
    };
  }

  private add(level: ConsoleLevel, text: string, source: string | undefined, frame: string | undefined): void {
    this.entries.push({ seq: ++this.seq, level, text: entryText(text), source, frame });
    if (this.entries.length > MAX_ENTRIES) {
      this.entries.shift();
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}
