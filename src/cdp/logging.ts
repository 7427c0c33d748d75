import { chmodSync } from 'node:fs';
import * as path from 'node:path';
import pino, { DestinationStream, Logger } from 'pino';
import { IDisposable } from './disposable';
import { makePrivateFolderSync } from './storageFolder';

/** Keys that may hold secrets or frame data: their values never reach a log line. */
const REDACTED_PATHS = ['password', 'secret', 'token', 'data', '*.password', '*.secret', '*.token', '*.data', 'headers.authorization', 'headers.cookie'];

/** A log file only its owner reads (pages' console text and addresses land here); an older 0644 one is tightened. */
function openLogFile(file: string): ReturnType<typeof pino.destination> {
  const destination = pino.destination({ dest: file, sync: true, mode: 0o600 });
  chmodSync(file, 0o600);
  return destination;
}

/** A line sink besides the files, such as the editor's output channel. */
export interface LogLineSink {
  write(line: string): void;
}

/**
 * pino, JSON lines. `logs/browser-canvas.log` gets every line; `logs/<sessionId>.log` a session's own.
 * Every line carries `sessionId` (null for lines about no session in particular).
 */
export class LogHub implements IDisposable {
  readonly root: Logger;
  private readonly combined: pino.DestinationStream & { flushSync?(): void; end?(): void };
  private readonly sessionFiles = new Map<string, ReturnType<typeof pino.destination>>();
  private readonly sessionLoggers = new Map<string, Logger>();
  private disposed = false;

  constructor(readonly dir: string, private readonly extra?: LogLineSink, private readonly level: pino.Level = 'info') {
    makePrivateFolderSync(dir);
    this.combined = openLogFile(path.join(dir, 'browser-canvas.log'));
    this.root = this.makeLogger(null, [this.combined]);
  }

  sessionLogPath(sessionId: string): string {
    return path.join(this.dir, `${sessionId}.log`);
  }

  forSession(sessionId: string): Logger {
    let logger = this.sessionLoggers.get(sessionId);
    if (!logger) {
      const file = openLogFile(this.sessionLogPath(sessionId));
      this.sessionFiles.set(sessionId, file);
      logger = this.makeLogger(sessionId, [file, this.combined]);
      this.sessionLoggers.set(sessionId, logger);
    }
    return logger;
  }

  /** Closes a session's file (it stays on disk to be read). */
  closeSession(sessionId: string): void {
    this.sessionFiles.get(sessionId)?.end();
    this.sessionFiles.delete(sessionId);
    this.sessionLoggers.delete(sessionId);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const id of [...this.sessionFiles.keys()]) {
      this.closeSession(id);
    }
    this.combined.end?.();
  }

  private makeLogger(sessionId: string | null, files: DestinationStream[]): Logger {
    const streams: pino.StreamEntry[] = files.map((stream) => ({ stream, level: this.level }));
    if (this.extra) {
      streams.push({ stream: this.extra, level: this.level });
    }
    return pino(
      {
        level: this.level,
        base: { sessionId },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        timestamp: pino.stdTimeFunctions.isoTime,
      },
      pino.multistream(streams),
    );
  }
}
