import { BrowserCanvasError } from '../errors';
import type { PageTarget } from '../target/pageTarget';
import { PerformanceTrace } from './performanceTrace';

/**
 * The performance traces recording now in one connection's pages, at most one per page: what the
 * Record Performance Trace command and the agent's performance_trace tool start and stop.
 */
export class PageTraces {
  private readonly recording = new Map<string, Promise<PerformanceTrace>>();

  isRecording(targetId: string): boolean {
    return this.recording.has(targetId);
  }

  async start(page: PageTarget): Promise<PerformanceTrace> {
    if (this.recording.has(page.targetId)) {
      throw new BrowserCanvasError('TRACE_ALREADY_RECORDING', 'A performance trace is already recording on this page.', 'Stop it first.');
    }
    const started = PerformanceTrace.start(page);
    this.recording.set(page.targetId, started);
    started.catch(() => this.recording.delete(page.targetId));
    page.onDidClose(() => this.recording.delete(page.targetId)); // the browser ends a closed page's trace
    return started;
  }

  /** Ends the page's trace into `file`; the trace it was. */
  async stop(targetId: string, file: string): Promise<PerformanceTrace> {
    const started = this.recording.get(targetId);
    if (!started) {
      throw new BrowserCanvasError('TRACE_NOT_RECORDING', 'No performance trace is recording on this page.', 'Start one first.');
    }
    this.recording.delete(targetId);
    const trace = await started;
    await trace.stop(file);
    return trace;
  }
}
