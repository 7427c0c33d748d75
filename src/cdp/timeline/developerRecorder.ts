import type { Target } from 'puppeteer-core';
import type { BrowserSession } from '../browserSession';
import { DisposableStore, IDisposable } from '../disposable';
import { errorMessage } from '../errors';
import type { LogHub } from '../logging';
import { TIMELINE_BINDING, TIMELINE_GLOBAL } from '../pageSide/recorderScript';
import * as path from 'node:path';
import { FlowRecording } from '../recorder/flowRecording';
import type { FlowStep } from '../recorder/flowSchema';
import { RecordedPage } from '../recorder/recordedPage';
import type { SessionManager } from '../sessionManager';
import { targetIdOf } from '../target/targetId';
import { reportUnlessClosed, unlessClosed } from '../target/targetClosedError';
import { FrameSessions } from '../agent/frameSessions';
import { shortPageId } from '../agent/pageIds';
import { RecorderLease } from './recorderLease';
import { stepTarget } from './stepTarget';
import { TIMELINE_FILE, type Timelines } from './timelines';

/**
 * The developer's side of the timeline: every page of every session this window is connected to is
 * recorded, as Record does (pageRecorder.ts: clicks, values, special keys, scrolls, loads, in a tile or
 * a visible window alike), under names of its own so a recording started and stopped beside it never
 * touches it. Each step becomes one developer entry, except in the spans where the input was not the
 * developer's (ActionSpans: our own actions, the agent's turn). Of the windows connected to a session,
 * the one holding its RecorderLease records it, so each action is one entry.
 */
export class DeveloperRecorders implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly sessions = new Map<string, SessionRecorder>();

  constructor(
    private readonly manager: SessionManager,
    private readonly timelines: Timelines,
    private readonly logs: LogHub,
  ) {
    this.store.add(manager.onDidChange(({ id }) => this.sync(id)));
    manager.list().forEach((record) => this.sync(record.id));
  }

  /** Starts recording a session once connected, again on a new connection, and stops when it goes. */
  private sync(sessionId: string): void {
    const connection = this.manager.connection(sessionId);
    const recorder = this.sessions.get(sessionId);
    if (recorder?.connection === connection) {
      return;
    }
    recorder?.dispose();
    this.sessions.delete(sessionId);
    if (connection) {
      const lease = path.join(this.manager.sessionDir(sessionId), TIMELINE_FILE);
      this.sessions.set(sessionId, new SessionRecorder(sessionId, connection, lease, this.timelines, this.logs));
    }
  }

  dispose(): void {
    this.sessions.forEach((recorder) => recorder.dispose());
    this.sessions.clear();
    this.store.dispose();
  }
}

class SessionRecorder implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly pages = new Map<string, Promise<RecordedPage | undefined>>();
  /** Each recorded page's frames, to measure a step's target in the frame it acted in. */
  private readonly frames = new Map<string, FrameSessions>();
  /** Each step's entry in turn: measuring its target takes a moment, and entries stay in the order of the steps. */
  private appending: Promise<unknown> = Promise.resolve();
  private readonly recording = new FlowRecording({ names: { binding: TIMELINE_BINDING, global: TIMELINE_GLOBAL }, onStep: (step, at, page) => this.recorded(step, at, page) });
  private leased = false;

  constructor(
    private readonly sessionId: string,
    readonly connection: BrowserSession,
    leaseFile: string,
    private readonly timelines: Timelines,
    private readonly logs: LogHub,
  ) {
    this.store.add(connection.onDidChangePages(() => this.followPages()));
    this.store.add(new RecorderLease(leaseFile, (held) => ((this.leased = held), this.followPages()), logs.forSession(sessionId)));
  }

  /** Records every open page while this window holds the lease, none otherwise. */
  private followPages(): void {
    const open = new Map(this.leased ? this.connection.pageTargets.map((target) => [targetIdOf(target), target]) : []);
    for (const [id, target] of open) {
      if (!this.pages.has(id)) {
        this.pages.set(id, this.follow(target));
      }
    }
    for (const [id, page] of this.pages) {
      if (!open.has(id)) {
        this.pages.delete(id);
        void page.then((recorded) => recorded?.dispose());
        this.frames.get(id)?.dispose();
        this.frames.delete(id);
      }
    }
  }

  /** Each page on its own: its steps carry its address as `target` (as a popup's do), which the entry keeps as `url`. */
  private async follow(target: Target): Promise<RecordedPage | undefined> {
    const started = performance.now();
    try {
      const model = await this.connection.pageModel(target);
      const page = await unlessClosed(RecordedPage.start(model, this.recording, true));
      if (this.store.isDisposed || this.pages.get(targetIdOf(target)) === undefined) {
        page?.dispose(); // stopped, or the page closed, while it started
        return undefined;
      }
      this.logs.forSession(this.sessionId).info({ event: 'timelineRecorder', page: targetIdOf(target), durationMs: Math.round(performance.now() - started) }, "recording the developer's actions in a page for the timeline");
      return page;
    } catch (error) {
      this.logs.forSession(this.sessionId).warn({ event: 'timelineRecorder', page: targetIdOf(target), error: errorMessage(error) }, "the developer's actions in a page are not recorded in the timeline");
      return undefined;
    }
  }

  private recorded(step: FlowStep, at: number, page: string | undefined): void {
    if (this.store.isDisposed || this.timelines.spans.covers(this.sessionId, at)) {
      return;
    }
    const { target: url, ...placed } = step as FlowStep & { target?: string };
    const ids = this.connection.pageTargets.map(targetIdOf);
    const time = new Date().toISOString();
    // Without its box the entry is still written; a failure other than the page closing is logged.
    const measured = this.measure(page, step).catch(
      reportUnlessClosed((error) => this.logs.forSession(this.sessionId).warn({ event: 'timelineTarget', page, error: errorMessage(error) }, "a developer step's target was not measured")),
    );
    this.appending = this.appending.then(async () => {
      const target = await measured;
      await this.timelines.append(this.sessionId, { time, actor: 'developer', action: step.type, steps: [placed as FlowStep], page: page && shortPageId(page, ids), url, durationMs: 0, result: 'ok', ...(target ? { target } : {}) });
    });
  }

  /** The box of the element the step acted on, while it is still there (see stepTarget). */
  private async measure(page: string | undefined, step: FlowStep) {
    const target = page && this.connection.pageTargets.find((candidate) => targetIdOf(candidate) === page);
    if (!target || !this.pages.has(page)) {
      return undefined;
    }
    const model = await this.connection.pageModel(target);
    if (!this.pages.has(page)) {
      return undefined; // the page went, or recording stopped, meanwhile
    }
    let frames = this.frames.get(page);
    if (!frames) {
      this.frames.set(page, (frames = new FrameSessions(model)));
    }
    return stepTarget(frames, page, step);
  }

  dispose(): void {
    if (this.store.isDisposed) {
      return;
    }
    this.store.dispose();
    this.pages.forEach((page) => void page.then((recorded) => recorded?.dispose()));
    this.pages.clear();
    this.frames.forEach((frames) => frames.dispose());
    this.frames.clear();
  }
}
