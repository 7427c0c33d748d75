import * as path from 'node:path';
import { AgentError } from '../action/agentError';
import { abortable } from '../action/abort';
import { fileTime } from '../network/privateFile';
import { saveNetworkLog } from '../network/networkLogFile';
import { noteFile } from '../timeline/actionNotes';
import { summarizeTrace } from '../trace/traceSummary';
import { named, tool } from './agentTool';
import { pageIdOf } from './pageIds';

// What the network and the renderer did, as files in the session's own folder: the model gets a short
// summary and the file's path, never the log or the trace itself.

export const recordingTools = [
  tool({
    name: 'save_network_log',
    description:
      "Saves the session's network log (every page's requests since the session was connected in the editor, or the last sinceMinutes) as a HAR 1.2 file in the session's folder, cookies, tokens and passwords redacted, for the developer to open in DevTools. You get the file's path, counts, the slowest requests and the failures, not the log.",
    sideEffect: false,
    async run(browser, input, actor) {
      const file = path.join(browser.manager.sessionDir(input.session), 'network-logs', `${fileTime()}.har`);
      const summary = await browser.run(
        input.session,
        'saveNetworkLog',
        input.sinceMinutes === undefined ? 'since connected' : `last ${input.sinceMinutes} min`,
        async (signal) => {
          const log = browser.manager.connection(input.session)?.networkLog;
          if (!log) {
            throw new AgentError('NOT_FOUND', `Session ${input.session} is not connected in the editor, so it keeps no network log. Call list_sessions.`);
          }
          const since = input.sinceMinutes === undefined ? 0 : Date.now() - input.sinceMinutes * 60_000;
          const saved = await abortable(saveNetworkLog(log, file, since, ''), signal);
          noteFile(file);
          return saved;
        },
        undefined,
        actor,
      );
      const lines = [
        ...summary.slowest.map((entry) => `slow: ${entry.ms} ms ${entry.method} ${entry.url}`),
        ...summary.errors.map((entry) => `failed: ${entry.outcome} ${entry.method} ${entry.url}`),
      ];
      const dropped = summary.dropped ? ` (${summary.dropped} older requests were no longer kept)` : '';
      return {
        text: `Saved ${summary.requests} requests of ${summary.pages} page loads of session ${named(browser, input.session)} to ${summary.file} (HAR 1.2, credentials redacted)${dropped}; ${summary.errors.length} failed or answered an error.${lines.length ? ' The slowest and the failed are below.' : ''}`,
        untrusted: lines.length ? { origin: '', content: lines.join('\n') } : undefined,
      };
    },
  }),
  tool({
    name: 'performance_trace',
    description:
      "Records a performance trace of a page (what DevTools' Performance panel records): call with action start, do what you want measured, then call with action stop. The trace goes to a file in the session's folder, for the developer to open in DevTools; you get its path, duration, long tasks and main-thread busy time, not the trace.",
    sideEffect: false,
    async run(browser, input, actor) {
      const traces = browser.manager.connection(input.session)?.traces;
      const file = path.join(browser.manager.sessionDir(input.session), 'traces', `${fileTime()}.json`);
      const { page, result } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: input.action === 'start' ? 'startPerformanceTrace' : 'stopPerformanceTrace', what: input.action, actor }, async (target, signal) => {
        if (!traces) {
          throw new AgentError('NOT_FOUND', `Session ${input.session} is not connected in the editor. Call list_sessions.`);
        }
        if (input.action === 'start') {
          if (traces.isRecording(target.targetId)) {
            throw new AgentError('INVALID_INPUT', `A trace is already recording on page ${pageIdOf(target.cdp.target)}: call performance_trace with action stop.`);
          }
          await abortable(traces.start(target.cdp), signal);
          return undefined;
        }
        if (!traces.isRecording(target.targetId)) {
          throw new AgentError('INVALID_INPUT', `No trace is recording on page ${pageIdOf(target.cdp.target)}: call performance_trace with action start first.`);
        }
        await traces.stop(target.targetId, file); // not abortable: a trace half read is lost
        noteFile(file);
        return summarizeTrace(file, target.targetId);
      });
      if (!result) {
        return { text: `Recording a performance trace of page ${pageIdOf(page.cdp.target)}. Do what you want measured, then call performance_trace with action stop.` };
      }
      const mainThread = result.mainThreadFound
        ? `; main thread busy ${result.mainThreadBusyMs} ms, ${result.longTasks} long tasks (50 ms or more), the longest ${result.longestTaskMs} ms`
        : "; the page's main thread was not found in it";
      return { text: `Saved a performance trace of page ${pageIdOf(page.cdp.target)} to ${file}: ${result.durationMs} ms${mainThread}. The developer can open it in DevTools' Performance panel.` };
    },
  }),
] as const;
