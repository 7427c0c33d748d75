import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { summarizeTrace } from '../../src/cdp/trace/traceSummary';
import { BUSY_PAGE } from '../support/traceFixtures';
import { sessionOnPage } from './support';
import { entryLine } from '../../src/cdp/timeline/historyText';

/** DevTools' Performance panel engine is an ES module: loaded as one, not bundled into this CommonJS file. */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ analyzeEvents(events: unknown[]): Promise<{ parsedTrace: TraceEngineResult }> }>;

interface TraceEngineResult {
  readonly data: {
    readonly Meta: { readonly mainFrameId: string; readonly mainFrameURL: string };
    readonly Renderer: { readonly processes: Map<number, { readonly threads: Map<number, { readonly name: string | null; readonly entries: unknown[] }> }> };
  };
}

describe('performance trace', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    fixture = await sessionOnPage({ '/busy': BUSY_PAGE }, '/busy');
  });
  after(async () => {
    await fixture.close();
  });

  /** One task of 120 ms on the page's main thread: a long task. */
  const busyTask = () => fixture.page.evaluate(() => (window as unknown as { busyFor(ms: number): void }).busyFor(120));

  it("records a page's trace to a 0600 file that the Performance panel's engine reads, with the page's main frame and main thread", async () => {
    const connection = fixture.manager.connection(fixture.sessionId)!;
    const page = await connection.pageModel(connection.pageTarget()!);
    await connection.traces.start(page);
    await assert.rejects(connection.traces.start(page), (error) => error instanceof BrowserCanvasError && error.code === 'TRACE_ALREADY_RECORDING');
    await busyTask();
    const file = path.join(fixture.storageDir, 'traces', 'busy.json');
    await connection.traces.stop(page.targetId, file);
    await assert.rejects(connection.traces.stop(page.targetId, file), (error) => error instanceof BrowserCanvasError && error.code === 'TRACE_NOT_RECORDING');
    assert.equal(statSync(file).mode & 0o777, 0o600);

    const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
    const { analyzeEvents } = await importModule('@paulirish/trace_engine/analyze-trace.mjs');
    const { parsedTrace } = await analyzeEvents(events);
    assert.equal(parsedTrace.data.Meta.mainFrameId, page.targetId, "the page's main frame");
    assert.match(parsedTrace.data.Meta.mainFrameURL, /\/busy$/);
    const mainThreads = [...parsedTrace.data.Renderer.processes.values()].flatMap((process) => [...process.threads.values()]).filter((thread) => thread.name === 'CrRendererMain' && thread.entries.length);
    assert.ok(mainThreads.length >= 1, 'a main thread with its tasks');

    const summary = await summarizeTrace(file, page.targetId);
    assert.ok(summary.mainThreadFound);
    assert.ok(summary.longTasks >= 1, 'the press was a long task');
    assert.ok(summary.longestTaskMs >= 100, `longest task ${summary.longestTaskMs} ms`);
    assert.ok(summary.mainThreadBusyMs >= summary.longestTaskMs);
    assert.ok(summary.durationMs >= summary.longestTaskMs);
  });

  it('performance_trace starts and stops, giving the agent the file and the main thread\'s figures, never the trace', async () => {
    const browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    const call = (action: 'start' | 'stop') => findTool('performance_trace')!.run(browser, parseToolInput('performance_trace', { session: fixture.sessionId, action }) as never);
    try {
      await browser.control.handToAgent(fixture.sessionId);
      await assert.rejects(call('stop'), /No trace is recording on page \w+: call performance_trace with action start first/);
      assert.match((await call('start')).text, /^Recording a performance trace of page \w+\. Do what you want measured, then call performance_trace with action stop\.$/);
      await busyTask();
      const stopped = await call('stop');
      const [, file] = stopped.text.match(/ to (\S+\.json): /)!;
      assert.equal(path.dirname(path.dirname(file)), fixture.manager.sessionDir(fixture.sessionId));
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.match(stopped.text, /: \d+ ms; main thread busy \d+ ms, [1-9]\d* long tasks \(50 ms or more\), the longest \d{3,} ms\. The developer can open it in DevTools' Performance panel\.$/);
      assert.equal(stopped.untrusted, undefined);
      const entries = (await browser.timeline.entries(fixture.sessionId)).slice(-3);
      assert.deepEqual(
        entries.map((entry) => [entry.actor, entry.action, entry.result, entry.file]),
        [
          ['agent', 'stopPerformanceTrace', 'INVALID_INPUT', undefined],
          ['agent', 'startPerformanceTrace', 'ok', undefined],
          ['agent', 'stopPerformanceTrace', 'ok', file],
        ],
        'each call an entry of the timeline, the trace saved with its path',
      );
      assert.match(entryLine(entries[2])!, /agent saved a performance trace to \S+\.json on \//);
    } finally {
      browser.dispose();
    }
  });
});
