import { readFile } from 'node:fs/promises';

/** A main-thread task this long or longer is a long task (as the web's Long Tasks API counts). */
const LONG_TASK_MS = 50;

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly frames?: ReadonlyArray<{ readonly frame: string; readonly processId?: number; readonly parent?: string }> } };
}

export interface TraceSummary {
  readonly durationMs: number;
  readonly events: number;
  /** The page's main thread (its renderer's CrRendererMain) was found. */
  readonly mainThreadFound: boolean;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly mainThreadBusyMs: number;
}

/**
 * What a model needs of a trace, never the trace: how long it ran, and how busy the page's main thread
 * was (its tasks, the long ones). The main thread is the renderer main thread of the process that
 * held the page's main frame (whose id is the page's target id) when tracing started.
 */
export async function summarizeTrace(file: string, targetId: string): Promise<TraceSummary> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  const events = (Array.isArray(parsed) ? parsed : (parsed as { traceEvents: TraceEvent[] }).traceEvents) as TraceEvent[];
  const timed = events.filter((event) => event.ts > 0);
  // Folded, not spread: a trace has far more events than a call takes arguments.
  const start = timed.reduce((min, event) => Math.min(min, event.ts), Infinity);
  const end = timed.reduce((max, event) => Math.max(max, event.ts + (event.dur ?? 0)), 0);
  const started = events.find((event) => event.name === 'TracingStartedInBrowser');
  const pid = started?.args?.data?.frames?.find((frame) => frame.frame === targetId)?.processId;
  const main = events.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain' && (pid === undefined || event.pid === pid));
  const tasks = main ? events.filter((event) => event.name === 'RunTask' && event.ph === 'X' && event.pid === main.pid && event.tid === main.tid).map((event) => (event.dur ?? 0) / 1000) : [];
  const long = tasks.filter((ms) => ms >= LONG_TASK_MS);
  return {
    durationMs: timed.length ? Math.round((end - start) / 1000) : 0,
    events: events.length,
    mainThreadFound: main !== undefined,
    longTasks: long.length,
    longestTaskMs: Math.round(tasks.reduce((max, ms) => Math.max(max, ms), 0)),
    mainThreadBusyMs: Math.round(tasks.reduce((sum, ms) => sum + ms, 0)),
  };
}
