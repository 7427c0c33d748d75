import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Target } from 'puppeteer-core';
import type { BrowserSession } from '../browserSession';
import type { PageTarget } from '../target/pageTarget';
import { TargetClosedError } from '../target/targetClosedError';
import { targetIdOf } from '../target/targetId';
import { DisposableStore, IDisposable } from '../disposable';
import { errorMessage } from '../errors';
import { Emitter } from '../events';
import type { LogHub } from '../logging';
import type { SessionManager } from '../sessionManager';
import type { FlowLibrary } from '../recorder/flowLibrary';
import { replayFlow } from '../recorder/flowReplay';
import type { UserFlow } from '../recorder/flowSchema';
import type { Controller } from '../types';
import { abortable } from '../action/abort';
import { AgentControl } from './agentControl';
import { AgentError, AgentErrorCode } from '../action/agentError';
import { AgentPage } from './agentPage';
import { pickElement, type PickedElement } from './elementPicker';
import type { AgentStep, FeedbackMode } from '../action/actionSteps';
import type { OriginRules } from './originPolicy';
import { GuardOptions, guarded } from './pageGuard';
import type { BlockedNavigation } from './originGuard';
import { OriginGuards } from './originGuards';
import { matchPage, pageIdOf, shortPageId } from './pageIds';
import { bringToFrontIfHidden } from './pageFront';
import { PopupWatch } from './popupWatch';
import { ActionNotes, notePage, noteSteps, withNotes } from '../timeline/actionNotes';
import { Timelines } from '../timeline/timelines';
import { HandoffNotes } from '../timeline/handoffNotes';

const FAILURE_SCREENSHOT_MS = 2_000;

/** Failures where a picture of the page says nothing: the page was never touched, or is gone. */
const NO_SCREENSHOT = new Set<AgentErrorCode>(['CANCELLED', 'DEVELOPER_HOLDS', 'NO_SESSION', 'NO_PAGE', 'DIALOG_OPEN', 'PAGE_CRASHED', 'NOT_RESPONDING']);

/** What a model reads for any failure: ours as they are, a closed page as such, the rest as the page's error. */
function asAgentError(error: unknown, action: string): AgentError {
  if (error instanceof AgentError) {
    return error;
  }
  if (error instanceof TargetClosedError) {
    return new AgentError('NO_PAGE', `The page ${shortPageId(error.targetId, [])} closed during ${action}. Call list_pages to see the pages that are open.`);
  }
  return new AgentError('PAGE_ERROR', `${action} failed: ${errorMessage(error)}`);
}

export interface AgentBrowserOptions {
  readonly feedback: () => FeedbackMode;
  readonly origins: () => OriginRules;
  /** A flow's {{secret:NAME}} for the origin it is typed into, from the editor's secret storage (asked for once). */
  readonly secret?: (name: string, origin: string) => Promise<string>;
  /** The developer's recorded flows, for list_flows and run_flow (none without a flows folder). */
  readonly flows?: () => FlowLibrary | undefined;
  /** The folders upload_file may give files from (browserCanvas.agent.uploadFolders); none: no uploads. */
  readonly uploadFolders?: () => readonly string[];
  /** How many entries each session's timeline keeps (browserCanvas.timeline.maxEntries); default DEFAULT_TIMELINE_ENTRIES. */
  readonly timelineEntries?: () => number;
}

export interface FlowReplayOptions {
  /** The page to replay into (a target id); default the session's first page. */
  readonly pageId?: string;
  readonly variables?: Readonly<Record<string, string>>;
  /** Default: the agent's feedback setting. */
  readonly feedback?: FeedbackMode;
  /** Stops the replay, besides Take Back (for the agent's replays). */
  readonly signal?: AbortSignal;
}

/** What `onPage` runs: which page, which action (for the log), who acts, what a blocked page still allows. */
export interface PageAction {
  readonly sessionId: string;
  readonly pageId?: string;
  readonly action: string;
  /** How the target reads in the log line (never typed text). */
  readonly what: string;
  readonly actor?: Controller;
  readonly guard?: GuardOptions;
  /** The action may open pages (a click, a key, a script): its result names them (`opened`). */
  readonly watchPopups?: boolean;
}

export interface SessionStep extends AgentStep {
  readonly sessionId: string;
}

/**
 * The browser as the agent sees it: sessions it may act on (AgentControl), one AgentPage per page it
 * touched, and `run`, which every tool goes through: the refusal for a developer-held session, the
 * cancellation signal, one log line per action (actor, action, target, duration, result or error)
 * and a screenshot beside the session log when an action fails.
 */
export class AgentBrowser implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly pages = new Map<PageTarget, AgentPage>();
  private readonly steps = this.store.add(new Emitter<SessionStep>());
  private readonly blocked = this.store.add(new Emitter<BlockedNavigation & { readonly sessionId: string }>());
  private readonly clients = new AsyncLocalStorage<string>();
  /** Per session, the target id of the page tools use when they name none (select_page, new_page). */
  private readonly defaultPages = new Map<string, string>();
  readonly control: AgentControl;
  /** Every session's timeline: `run` adds an entry for each action. */
  readonly timeline: Timelines;
  /** What the developer did while the agent did not hold a session, told once after a handoff. */
  readonly handoffs: HandoffNotes;
  /** Every highlight, ripple and typed text the canvas should show. */
  readonly onDidStep = this.steps.event;
  /** A page the agent holds tried to go where the origin rules say no, and was kept where it was. */
  readonly onDidBlockNavigation = this.blocked.event;

  constructor(
    readonly manager: SessionManager,
    private readonly logs: LogHub,
    readonly options: AgentBrowserOptions,
  ) {
    this.control = this.store.add(new AgentControl(manager));
    this.timeline = this.store.add(new Timelines(manager, logs, options.timelineEntries));
    this.handoffs = new HandoffNotes(this.timeline);
    this.store.add(this.control.onDidHandOver(({ sessionId, actor, action }) => void this.timeline.append(sessionId, { actor, action, steps: [], durationMs: 0, result: 'ok' })));
    this.store.add(
      new OriginGuards(manager, options.origins, (sessionId, blocked) => {
        this.logs.forSession(sessionId).warn({ event: 'navigationBlocked', actor: 'agent', page: blocked.targetId, url: blocked.url }, 'a navigation of an agent-held page was blocked by the origin rules');
        this.blocked.fire({ ...blocked, sessionId });
      }),
    );
  }

  /**
   * The developer points at an element of a page (Chromium's picker, drawn in the page, so the tile
   * shows it) for the agent: resolves with it, or undefined when `signal` ends the pick or the page
   * closes. The developer's clicks in the tile reach the picker as any input does.
   */
  async pickElement(sessionId: string, pageId: string, signal: AbortSignal, ready?: () => void): Promise<PickedElement | undefined> {
    const model = await this.manager.connection(sessionId)!.pageModel(this.target(sessionId, pageId));
    const ended = new AbortController();
    const closed = model.onDidClose(() => ended.abort());
    try {
      return await pickElement(model, AbortSignal.any([signal, ended.signal]), ready);
    } finally {
      closed.dispose();
    }
  }

  /** A page of the session as the agent drives it: `pageId` (a short id from list_pages, or a target id), else its default page. */
  async page(sessionId: string, pageId?: string): Promise<AgentPage> {
    const target = this.target(sessionId, pageId);
    const model = await this.manager.connection(sessionId)!.pageModel(target);
    let page = this.pages.get(model);
    if (!page) {
      const opened = new AgentPage(model, this.options.feedback);
      opened.onDidStep((step) => this.steps.fire({ ...step, sessionId }));
      this.pages.set(model, opened);
      model.onDidClose(() => {
        this.pages.delete(model);
        opened.dispose();
      });
      page = opened;
    }
    return page;
  }

  /**
   * One action on a page of a session its actor holds (see `run`): the refusal comes before the page
   * is looked up or touched, and a blocked page (a dialog, a crash, a stuck script) answers at once
   * (`guarded`).
   */
  async onPage<T>(action: PageAction, work: (page: AgentPage, signal: AbortSignal) => Promise<T>): Promise<{ page: AgentPage; result: T; opened: readonly string[] }> {
    let page: AgentPage | undefined;
    const done = await this.run(
      action.sessionId,
      action.action,
      action.what,
      async (signal) => {
        const acted = (page = await abortable(this.page(action.sessionId, action.pageId), signal));
        notePage(pageIdOf(acted.cdp.target), acted.cdp.url);
        const popups = action.watchPopups ? new PopupWatch(acted.cdp) : undefined;
        try {
          const result = await guarded(acted.cdp, action.guard ?? {}, signal, async (guardedSignal) => {
            await bringToFrontIfHidden(acted.cdp, guardedSignal);
            return work(acted, guardedSignal);
          });
          return { result, opened: ((await popups?.settle(signal)) ?? []).map(pageIdOf) };
        } finally {
          popups?.dispose();
        }
      },
      () => page,
      action.actor,
    );
    return { page: page!, ...done };
  }

  /**
   * Replays a recorded flow into a page of the session, as one action of `actor`: refused on a
   * session the actor does not hold, stopped by Take Back (or `options.signal`), each step logged
   * and shown on the canvas like the agent's own actions.
   */
  replay(sessionId: string, flow: UserFlow, options: FlowReplayOptions = {}, actor: Controller = 'agent'): Promise<{ readonly steps: number }> {
    return this.run(
      sessionId,
      'replay_flow',
      flow.title,
      async (signal) => {
        const target = this.target(sessionId, options.pageId);
        notePage(pageIdOf(target), target.url());
        const page = await target.page();
        if (!page) {
          throw new AgentError('NO_PAGE', `Session ${sessionId}'s page ${pageIdOf(target)} cannot be driven.`);
        }
        // The replay drives puppeteer's own page, past the page model's wake-ups: kept running throughout.
        const awake = (await this.connection(sessionId).pageModel(target)).pace.hold();
        try {
          const replayed = await replayFlow(target.browser(), page, flow, {
            variables: options.variables,
            secret: this.options.secret,
            log: this.logs.forSession(sessionId),
            screenshotDir: path.dirname(this.logs.sessionLogPath(sessionId)),
            feedback: options.feedback ?? this.options.feedback(),
            signal: options.signal ? AbortSignal.any([signal, options.signal]) : signal,
            onStep: (step) => this.steps.fire({ ...step, sessionId }),
          });
          noteSteps(...flow.steps); // as the flow has them: variables and secrets stay placeholders
          return replayed;
        } finally {
          awake.dispose();
        }
      },
      () => undefined,
      actor,
    );
  }

  /** The page `pageId` names (see `matchPage`), else the session's default page: the one selected last while open, else its first. */
  target(sessionId: string, pageId?: string): Target {
    const targets = this.connection(sessionId).pageTargets;
    if (pageId === undefined) {
      const chosen = this.defaultPages.get(sessionId);
      const target = targets.find((candidate) => targetIdOf(candidate) === chosen) ?? targets[0];
      if (!target) {
        throw new AgentError('NO_PAGE', `Session ${sessionId} has no open page. Open one with new_page.`);
      }
      return target;
    }
    const { page, candidates } = matchPage(targets, pageId);
    if (!page) {
      const which = candidates.length ? `Page id ${pageId} fits ${candidates.length} pages (${candidates.map(pageIdOf).join(', ')}): pass a longer one.` : `Session ${sessionId} has no page ${pageId}.`;
      throw new AgentError('NO_PAGE', `${which} Call list_pages for its pages and their ids.`);
    }
    return page;
  }

  /** This window's connection to a running session, or an error that says where to look. */
  connection(sessionId: string): BrowserSession {
    const connection = this.manager.connection(sessionId);
    if (!connection) {
      throw new AgentError('NO_SESSION', `Session ${sessionId} is not running. Call list_sessions to see the live ones.`);
    }
    return connection;
  }

  /** The page tools of `sessionId` use when they name none, until another is chosen or it closes. */
  setDefaultPage(sessionId: string, target: Target): void {
    this.defaultPages.set(sessionId, targetIdOf(target));
  }

  /** Runs `work` with every action in it logged as coming from `client` (e.g. "mcp:claude-code"), who its tile names. */
  asClient<T>(client: string, work: () => Promise<T>): Promise<T> {
    return this.clients.run(client, work);
  }

  /** The agent client the current call came from (`asClient`); undefined for the in-editor agent. */
  get client(): string | undefined {
    return this.clients.getStore();
  }

  /**
   * Runs one action on a session its actor holds (see the class comment). The developer acts through
   * the same tools from chat slash commands; the agent's actions are the ones Take Back cancels.
   */
  async run<T>(sessionId: string, action: string, target: string, work: (signal: AbortSignal) => Promise<T>, page: () => AgentPage | undefined = () => undefined, actor: Controller = 'agent'): Promise<T> {
    const signal = actor === 'agent' ? this.control.signalFor(sessionId) : this.developerSignal(sessionId);
    const log = this.logs.forSession(sessionId);
    const client = this.clients.getStore();
    if (actor === 'agent' && client) {
      // Only the tile's name for the holder: an action never fails for it.
      await this.manager.setAgentClient(sessionId, client).catch((error: unknown) => log.warn({ event: 'agentClient', client, error: errorMessage(error) }, 'could not name the agent client in the registry'));
    }
    const start = performance.now();
    const time = new Date().toISOString();
    const notes: ActionNotes = { steps: [] };
    const acting = this.timeline.spans.begin(sessionId);
    const entry = (result: string) => void this.timeline.append(sessionId, { time, actor, client, action, steps: notes.steps, page: notes.page, url: notes.url, target: notes.target, file: notes.file, durationMs: Math.round(performance.now() - start), result });
    try {
      if (this.manager.get(sessionId)?.hibernated) {
        await this.manager.ensure(sessionId); // tools name the session: a hibernated one wakes for the action
      }
      const result = await withNotes(notes, () => work(signal));
      log.info({ event: 'action', actor, client, action, target, durationMs: Math.round(performance.now() - start), result: 'ok' }, `${actor} ${action}`);
      entry('ok');
      return result;
    } catch (error) {
      const failure = asAgentError(error, action);
      const failedOn = page();
      const screenshot = failedOn && !NO_SCREENSHOT.has(failure.code) ? await this.saveScreenshot(sessionId, action, failedOn) : undefined;
      log.warn({ event: 'action', actor, client, action, target, durationMs: Math.round(performance.now() - start), error: failure.message, code: failure.code, screenshot }, `${actor} ${action} failed`);
      entry(failure.code);
      throw failure;
    } finally {
      acting.dispose();
    }
  }

  private developerSignal(sessionId: string): AbortSignal {
    const record = this.manager.get(sessionId);
    if (!record) {
      throw new AgentError('NO_SESSION', `There is no session ${sessionId}.`);
    }
    if (record.controller !== 'developer') {
      throw new AgentError('DEVELOPER_HOLDS', `The agent holds session "${record.label}": take it back first (/takeback).`);
    }
    return new AbortController().signal;
  }

  private async saveScreenshot(sessionId: string, action: string, page: AgentPage): Promise<string | undefined> {
    try {
      const file = path.join(path.dirname(this.logs.sessionLogPath(sessionId)), `${sessionId}-${new Date().toISOString().replace(/[:.]/g, '-')}-${action}.png`);
      // Bounded: a failure's picture must never double the wait the failure already cost.
      await writeFile(file, await page.screenshot(AbortSignal.timeout(FAILURE_SCREENSHOT_MS)), { mode: 0o600 });
      return file;
    } catch {
      return undefined; // the page is gone: the log line says what failed
    }
  }

  dispose(): void {
    this.pages.forEach((page) => page.dispose());
    this.pages.clear();
    this.store.dispose();
  }
}
