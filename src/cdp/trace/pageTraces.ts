import type { IDisposable } from '../disposable';
import { BrowserCanvasError } from '../errors';
import type { PageTarget } from '../target/pageTarget';
import { PerformanceTrace } from './performanceTrace';

/**
 * The performance traces recording now in one connection's pages, at most one per page: what the
 * Record Performance Trace command and the agent's performance_trace tool start and stop.
 */
export class PageTraces {
  private readonly recording = new Map<string, { readonly trace: Promise<PerformanceTrace>; readonly closed: IDisposable }>();

  isRecording(targetId: string): boolean {
    return this.recording.has(targetId);
  }

  async start(page: PageTarget): Promise<PerformanceTrace> {
    if (this.recording.has(page.targetId)) {
      throw new BrowserCanvasError('TRACE_ALREADY_RECORDING', 'A performance trace is already recording on this page.', 'Stop it first.');
    }
    const trace = PerformanceTrace.start(page);
    // The browser ends a closed page's trace.
    this.recording.set(page.targetId, { trace, closed: page.onDidClose(() => this.forget(page.targetId)) });
    trace.catch(() => this.forget(page.targetId));
    return trace;
  }

  /** Ends the page's trace into `file`; the trace it was. */
  async stop(targetId: string, file: string): Promise<PerformanceTrace> {
    const recording = this.recording.get(targetId);
    if (!recording) {
      throw new BrowserCanvasError('TRACE_NOT_RECORDING', 'No performance trace is recording on this page.', 'Start one first.');
    }
    this.forget(targetId);
    const trace = await recording.trace;
    await trace.stop(file);
    return trace;
  }

  private forget(targetId: string): void {
    this.recording.get(targetId)?.closed.dispose();
    this.recording.delete(targetId);
  }
}
