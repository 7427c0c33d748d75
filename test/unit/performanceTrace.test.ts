import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { summarizeTrace } from '../../src/cdp/trace/traceSummary';
import { BUSY_PAGE } from '../support/traceFixtures';
import { sessionOnPage } from './support';

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

  it("records a page's trace to a 0600 file that the Performance panel's engine reads, with the page's main frame and main thread", async () => {
    const connection = fixture.manager.connection(fixture.sessionId)!;
    const page = await connection.pageModel(connection.pageTarget()!);
    await connection.traces.start(page);
    await assert.rejects(connection.traces.start(page), (error) => error instanceof BrowserCanvasError && error.code === 'TRACE_ALREADY_RECORDING');
    await fixture.page.click('#work');
    await fixture.page.waitForFunction(() => document.title === 'worked');
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
});
