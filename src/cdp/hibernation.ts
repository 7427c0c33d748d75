import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from './disposable';
import { BrowserCanvasError, errorMessage } from './errors';
import { Emitter } from './events';
import type { LogHub } from './logging';
import { hasUnsavedInput } from './pageSide/formInput';
import type { SessionManager } from './sessionManager';
import type { CdpClient } from './target/cdpChannel';
import { isolatedWorld } from './target/isolatedWorld';
import { unlessClosed, unlessGone } from './target/targetClosedError';
import { isLive, SessionRecord } from './types';

/** Whether a field in any frame of the page (read in our isolated world, where its script cannot lie) was changed. */
async function anyFrameHasUnsavedInput(channel: CdpClient): Promise<boolean> {
  const { frameTree } = await channel.send('Page.getFrameTree');
  const frames: Protocol.Page.FrameTree[] = [frameTree];
  for (const { frame, childFrames } of frames) {
    frames.push(...(childFrames ?? []));
    // A cross-site frame runs in another process: not this channel's to read (it answers no such frame).
    const executionContextId = await unlessGone(isolatedWorld(channel, frame.id));
    const answer = executionContextId && (await channel.send('Runtime.callFunctionOn', { executionContextId, functionDeclaration: hasUnsavedInput.toString(), returnByValue: true }));
    if (answer && answer.result.value === true) {
      return true;
    }
  }
  return false;
}

export interface HibernationOptions {
  /** How many sessions may be awake at once (`browserCanvas.maxAwakeSessions`); 0: no cap. */
  readonly maxAwake: () => number;
  /** Sessions never hibernated: pinned to full speed, being recorded, the one whose tile has the keyboard. */
  readonly keepAwake: (sessionId: string) => boolean;
  /**
   * Asks the developer whether the cap may take a session whose pages hold form input not saved
   * (closing its browser may lose it): true to hibernate it anyway. The cap does not wait for the
   * answer: the session is skipped meanwhile, and asked about again only once it was used again.
   * Without it, such a session is always skipped.
   */
  readonly askToLoseInput?: (sessionId: string) => Promise<boolean>;
}

/**
 * The memory cap: past `maxAwake` awake sessions, the least recently used idle one is hibernated: its
 * browser closed (after writing its profile), its pages' addresses and sizes kept in its record, so
 * its memory is freed (freezing pages frees next to none). Never a session the agent holds, one kept
 * awake, one that is not ours to close (attached), or one with unsaved form input (that would need
 * asking; it is skipped and the next one taken). Using it again (a focused tile, Wake Session,
 * Restart, an agent action) reopens the browser on the same profile with its pages.
 */
export class Hibernation implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  private readonly lastUsed = new Map<string, number>();
  private readonly waking = new Map<string, Promise<void>>();
  private enforcing: Promise<void> | undefined;
  private again = false;
  /** Sessions with unsaved input the developer was asked about (the answer pending, or kept awake), until used again. */
  private readonly asked = new Set<string>();
  /** Sessions with unsaved input the developer let the cap take, until used again. */
  private readonly lossAccepted = new Set<string>();
  /** The live sessions and which of them the agent holds, as last seen: what a change must move to matter here. */
  private liveKey = '';
  /** A session was hibernated or woken. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly manager: SessionManager,
    private readonly logs: LogHub,
    private readonly options: HibernationOptions,
  ) {
    this.store.add(manager.onDidChange(() => this.sessionsChanged()));
  }

  /** Labels, titles and registry echoes change records too: only a session coming, going, handed over or put to rest counts. */
  private sessionsChanged(): void {
    const key = this.manager
      .list()
      .filter((record) => isLive(record) || record.hibernated)
      .map((record) => `${record.id}${record.controller === 'agent' ? '@agent' : ''}${record.hibernated ? '#' : ''}`)
      .sort()
      .join(' ');
    if (key !== this.liveKey) {
      this.liveKey = key;
      this.forgetEnded();
      this.changed.fire();
      this.enforce();
    }
  }

  /** Drops what was kept of sessions that ended (terminated, forgotten), a question about them still open or not. */
  private forgetEnded(): void {
    for (const ids of [this.asked, this.lossAccepted, this.lastUsed]) {
      for (const id of ids.keys()) {
        if (!this.manager.get(id)) {
          ids.delete(id);
        }
      }
    }
  }

  /** The sessions awake in this window: browsers running that it holds, not hibernated or being hibernated. */
  private awakeSessions(): SessionRecord[] {
    return this.manager.list().filter((record) => isLive(record) && !record.hibernated && this.manager.connection(record.id)?.isConnected);
  }

  isHibernated(sessionId: string): boolean {
    return !!this.manager.get(sessionId)?.hibernated;
  }

  /** The developer or the agent used the session (focused its tile, acted in it): it is the most recent, and woken if it rests. */
  used(sessionId: string): void {
    this.lastUsed.set(sessionId, performance.now());
    // Used again, its input may have changed: an earlier answer about losing it no longer stands.
    this.asked.delete(sessionId);
    this.lossAccepted.delete(sessionId);
    if (this.isHibernated(sessionId)) {
      void this.wake(sessionId);
    }
    this.enforce();
  }

  /** Reopens a hibernated session's browser with its pages (once, however many ask); a failure is logged. */
  wake(sessionId: string): Promise<void> {
    let waking = this.waking.get(sessionId);
    if (!waking) {
      const log = this.logs.forSession(sessionId);
      waking = (async () => {
        await this.settled(); // a browser still closing is not reopened under itself
        if (this.isHibernated(sessionId) && !this.store.isDisposed) {
          await this.manager.restart(sessionId);
        }
      })()
        .catch((error: unknown) => log.warn({ event: 'wakeFailed', error: errorMessage(error) }, 'could not wake the session: Restart it from the Sessions view'))
        .finally(() => this.waking.delete(sessionId));
      this.waking.set(sessionId, waking);
    }
    return waking;
  }

  /** Hibernates sessions, least recently used first, until no more than the cap are awake. */
  enforce(): void {
    if (this.store.isDisposed) {
      return;
    }
    if (this.enforcing) {
      this.again = true;
      return;
    }
    this.enforcing = this.hibernateOverCap()
      .catch((error: unknown) => this.logs.root.warn({ event: 'hibernationFailed', error: errorMessage(error) }, 'could not hibernate a session'))
      .finally(() => {
        this.enforcing = undefined;
        if (this.again) {
          this.again = false;
          this.enforce();
        }
      });
  }

  /** Resolves once the current round of hibernation is done (tests, the bench). */
  async settled(): Promise<void> {
    while (this.enforcing) {
      await this.enforcing;
    }
  }

  private async hibernateOverCap(): Promise<void> {
    const cap = this.options.maxAwake();
    const awake = this.awakeSessions();
    for (const record of awake) {
      if (!this.lastUsed.has(record.id)) {
        this.lastUsed.set(record.id, performance.now()); // new here: as if used now
      }
    }
    if (cap <= 0 || awake.length <= cap) {
      return;
    }
    const candidates = awake
      .filter((record) => record.kind === 'launched' && record.controller !== 'agent' && !this.waking.has(record.id) && !this.options.keepAwake(record.id))
      .sort((a, b) => this.lastUsed.get(a.id)! - this.lastUsed.get(b.id)!);
    let over = awake.length - cap;
    for (const record of candidates) {
      if (over === 0) {
        return;
      }
      if (!this.lossAccepted.has(record.id) && (await this.hasUnsavedInput(record.id))) {
        this.logs.forSession(record.id).info({ event: 'hibernationSkipped' }, 'not hibernated: a page has form input that is not saved');
        this.askToLoseInput(record.id);
        continue;
      }
      const log = this.logs.forSession(record.id);
      try {
        log.info({ event: 'hibernating', awake: awake.length, cap }, 'hibernating: least recently used over the awake-session cap');
        await this.manager.hibernate(record.id);
        over--;
      } catch (error) {
        log.warn({ event: 'hibernationFailed', error: errorMessage(error) }, 'could not hibernate the session');
      }
    }
  }

  /** Asks once (until the session is used again) whether the cap may take it with its unsaved input; a yes applies the cap again. */
  private askToLoseInput(sessionId: string): void {
    const ask = this.options.askToLoseInput;
    if (!ask || this.asked.has(sessionId)) {
      return;
    }
    this.asked.add(sessionId);
    ask(sessionId).then(
      (accepted) => {
        if (accepted && this.asked.has(sessionId)) {
          this.lossAccepted.add(sessionId);
          this.enforce();
        }
      },
      (error: unknown) => this.logs.forSession(sessionId).warn({ event: 'hibernationAskFailed', error: errorMessage(error) }, 'could not ask about hibernating the session'),
    );
  }

  /**
   * Hibernates the session now, at the developer's asking, whatever the cap: not one the agent holds
   * or one this window does not run; `confirmLoss` is asked first when a page has form input not saved.
   * Resolves false when the developer kept it awake, or it already rests.
   */
  async hibernateNow(sessionId: string, confirmLoss: () => Promise<boolean>): Promise<boolean> {
    await Promise.all([this.settled(), this.waking.get(sessionId)]);
    const record = this.manager.get(sessionId);
    if (!record || record.hibernated) {
      return false;
    }
    if (record.controller === 'agent') {
      throw new BrowserCanvasError('AGENT_HOLDS_SESSION', `The agent holds session ${record.label}.`, 'Take it back first, then hibernate it.');
    }
    if ((await this.hasUnsavedInput(sessionId)) && !(await confirmLoss())) {
      return false;
    }
    if (this.manager.get(sessionId)?.hibernated) {
      return false; // the cap took it while the developer was asked
    }
    this.logs.forSession(sessionId).info({ event: 'hibernating' }, 'hibernating: asked for by the developer');
    await this.manager.hibernate(sessionId);
    return true;
  }

  private async hasUnsavedInput(sessionId: string): Promise<boolean> {
    const connection = this.manager.connection(sessionId);
    for (const target of connection?.pageTargets ?? []) {
      const model = await unlessClosed(connection!.pageModel(target));
      // Straight on the channel: asking must not wake a page the canvas froze (a frozen page answers).
      if (model && (await unlessClosed(anyFrameHasUnsavedInput(model.channel)))) {
        return true;
      }
    }
    return false;
  }

  dispose(): void {
    this.store.dispose();
  }
}
