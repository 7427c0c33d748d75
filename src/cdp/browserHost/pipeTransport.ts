import type { Readable, Writable } from 'node:stream';
import { DisposableStore, IDisposable, toDisposable } from '../disposable';
import { Emitter } from '../events';

/**
 * CDP over `--remote-debugging-pipe`: Chromium reads commands on its fd 3 and writes answers and events
 * on its fd 4, each message a JSON text ended by a NUL byte.
 */
export class PipeTransport implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly received = this.store.add(new Emitter<string>());
  private readonly closed = this.store.add(new Emitter<void>());
  private pending: Buffer[] = [];
  /** Each message as the browser wrote it (JSON text). */
  readonly onMessage = this.received.event;
  /** The browser closed its end, or a read or write failed: it is gone. */
  readonly onClose = this.closed.event;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    const onData = (chunk: Buffer) => this.read(chunk);
    const onEnd = () => this.close();
    fromBrowser.on('data', onData);
    fromBrowser.on('end', onEnd);
    fromBrowser.on('error', onEnd);
    toBrowser.on('error', onEnd);
    this.store.add(
      toDisposable(() => {
        fromBrowser.off('data', onData);
        fromBrowser.off('end', onEnd);
        fromBrowser.off('error', onEnd);
        toBrowser.off('error', onEnd);
      }),
    );
  }

  send(message: string): void {
    if (!this.store.isDisposed) {
      this.toBrowser.write(`${message}\0`);
    }
  }

  private read(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      start = end + 1;
      this.received.fire(message);
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
    }
  }

  private close(): void {
    if (!this.store.isDisposed) {
      this.closed.fire();
      this.dispose();
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}
