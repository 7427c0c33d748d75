import { chmod, mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import type { Protocol } from 'devtools-protocol';
import { BrowserCanvasError } from '../errors';
import type { PageTarget } from '../target/pageTarget';
import { PERFORMANCE_CATEGORIES } from './traceCategories';

/** How long stopping may wait for Chromium to hand the trace over. */
const COMPLETE_TIMEOUT_MS = 60_000;

/**
 * One performance trace of a page, from start to stop (the Tracing domain on the page's session),
 * handed over as a stream and read with IO.read straight into a file, so a large trace is never
 * whole in memory. The file is the JSON DevTools' Performance panel opens.
 */
export class PerformanceTrace {
  private constructor(readonly page: PageTarget) {}

  static async start(page: PageTarget): Promise<PerformanceTrace> {
    await page.send('Tracing.start', { transferMode: 'ReturnAsStream', streamFormat: 'json', traceConfig: { recordMode: 'recordUntilFull', includedCategories: PERFORMANCE_CATEGORIES, excludedCategories: ['*'] } });
    return new PerformanceTrace(page);
  }

  /** Ends the trace and writes it to `file` (0600, its folder 0700 if new). */
  async stop(file: string): Promise<void> {
    const complete = new Promise<Protocol.Tracing.TracingCompleteEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BrowserCanvasError('TRACE_FAILED', 'The browser did not hand the trace over within a minute.', 'Record a shorter trace.')), COMPLETE_TIMEOUT_MS);
      const listener = (event: Protocol.Tracing.TracingCompleteEvent) => {
        clearTimeout(timer);
        this.page.off('Tracing.tracingComplete', listener);
        resolve(event);
      };
      this.page.on('Tracing.tracingComplete', listener);
    });
    await this.page.send('Tracing.end');
    const { stream } = await complete;
    if (!stream) {
      throw new BrowserCanvasError('TRACE_FAILED', 'The browser returned no trace.', 'Start the recording again.');
    }
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const output = await open(file, 'w', 0o600);
    try {
      await chmod(file, 0o600);
      for (;;) {
        const chunk = await this.page.send('IO.read', { handle: stream, size: 1 << 20 });
        await output.write(Buffer.from(chunk.data, chunk.base64Encoded ? 'base64' : 'utf8'));
        if (chunk.eof) {
          break;
        }
      }
    } finally {
      await output.close();
      await this.page.send('IO.close', { handle: stream }).catch(() => undefined);
    }
  }
}
