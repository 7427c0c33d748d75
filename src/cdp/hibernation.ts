import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from './disposable';
import { errorMessage } from './errors';
import { Emitter } from './events';
import type { LogHub } from './logging';
import { hasUnsavedInput } from './pageSide/formInput';
import type { SessionManager } from './sessionManager';
import type { CdpClient } from './target/cdpChannel';
import { isolatedWorld } from './target/isolatedWorld';
import { ignoreClosed, unlessClosed } from './target/targetClosedError';
import { isLive, SessionRecord } from './types';

/** Whether a field in any frame of the page (read in our isolated world, where its script cannot lie) was changed. */
async function anyFrameHasUnsavedInput(channel: CdpClient): Promise<boolean> {
  const { frameTree } = await channel.send('Page.getFrameTree');
  const frames: Protocol.Page.FrameTree[] = [frameTree];
  for (const { frame, childFrames } of frames) {
    frames.push(...(childFrames ?? []));
    // A cross-site frame runs in another process: not this channel's to read (it answers no such frame).
    const executionContextId = await isolatedWorld(channel, frame.id).catch(() => undefined);
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
  /** Sessions never hibernated: pinned to full speed, being recorded. */
  readonly keepAwake: (sessionId: string) => boolean;
}

/**
 * The memory cap: past `maxAwake` awake sessions, the least recently used idle one is hibernated
 * (every page frozen, and the browser asked to give back what it can spare), and marked so until it is
 * used again. Never a session the agent holds, one kept awake, or one with unsaved form input (that
 * would need asking; it is skipped and the next one taken). A frozen page keeps everything (its
 * logins, its document, its forms), so waking needs no reload.
 */
export class Hibernation implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  private readonly lastUsed = new Map<string, number>();
  private readonly hibernated = new Set<string>();
  private enforcing: Promise<void> | undefined;
  private again = false;
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

  /** Labels, titles and registry echoes change records too: only a session coming, going or handed over counts. */
  private sessionsChanged(): void {
    const key = this.liveSessions().map((record) => (record.controller === 'agent' ? `${record.id}@agent` : record.id)).sort().join(' ');
    if (key !== this.liveKey) {
      this.liveKey = key;
      this.enforce();
    }
  }

  private liveSessions(): SessionRecord[] {
    return this.manager.list().filter((record) => isLive(record) && this.manager.connection(record.id)?.isConnected);
  }

  isHibernated(sessionId: string): boolean {
    return this.hibernated.has(sessionId);
  }

  /** The developer or the agent used the session (focused its tile, acted in it): it is the most recent, and awake. */
  used(sessionId: string): void {
    this.lastUsed.set(sessionId, performance.now());
    if (this.hibernated.delete(sessionId)) {
      void this.setPages(sessionId, 'running').catch((error: unknown) => this.logs.forSession(sessionId).warn({ event: 'wakeFailed', error: errorMessage(error) }, 'could not wake a page'));
      this.logs.forSession(sessionId).info({ event: 'woken' }, 'session woken from hibernation');
      this.changed.fire();
    }
    this.enforce();
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
    const live = this.liveSessions();
    for (const record of live) {
      if (!this.lastUsed.has(record.id)) {
        this.lastUsed.set(record.id, performance.now()); // new here: as if used now
      }
    }
    for (const id of this.hibernated) {
      const record = live.find((candidate) => candidate.id === id);
      if (!record) {
        this.hibernated.delete(id); // gone, or disconnected: nothing of ours is frozen any more
        this.changed.fire();
      } else if (record.controller === 'agent') {
        this.used(id); // handed to the agent: it acts now
      }
    }
    const awake = live.filter((record) => !this.hibernated.has(record.id));
    if (cap <= 0 || awake.length <= cap) {
      return;
    }
    const candidates = awake
      .filter((record) => record.controller !== 'agent' && !this.options.keepAwake(record.id))
      .sort((a, b) => this.lastUsed.get(a.id)! - this.lastUsed.get(b.id)!);
    let over = awake.length - cap;
    for (const record of candidates) {
      if (over === 0) {
        return;
      }
      if (await this.hasUnsavedInput(record.id)) {
        this.logs.forSession(record.id).info({ event: 'hibernationSkipped' }, 'not hibernated: a page has form input that is not saved');
        continue;
      }
      this.hibernated.add(record.id);
      await this.setPages(record.id, 'frozen');
      this.logs.forSession(record.id).info({ event: 'hibernated', awake: awake.length, cap }, 'session hibernated: least recently used over the awake-session cap');
      this.changed.fire();
      over--;
    }
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

  private async setPages(sessionId: string, state: 'running' | 'frozen'): Promise<void> {
    const connection = this.manager.connection(sessionId);
    await Promise.all(
      (connection?.pageTargets ?? []).map(async (target) => {
        const model = await unlessClosed(connection!.pageModel(target));
        await model?.pace.want(state).catch(ignoreClosed);
        if (model && state === 'frozen') {
          // What a frozen page can give back: caches, and garbage its heap would keep until it ran again.
          await model.channel.send('Memory.simulatePressureNotification', { level: 'critical' }).catch(() => undefined);
        }
      }),
    );
  }

  dispose(): void {
    this.store.dispose();
  }
}
