import type { CDPSession } from 'puppeteer-core';
import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { FlowRecording } from './flowRecording';
import { RecordedFrames } from './recordedFrames';
import { stepFor } from './recordedSteps';
import { parseRecordedEvent } from './recordedEventSchema';
import { installRecorder, RECORDER_BINDING, RECORDER_GLOBAL, RecordedEvent } from './recorderScript';
import { watchTyping } from './recorderTyping';
import { watchScrollsAndResizes } from './recorderWatchers';
import { domCandidates } from './selectorCandidates';

const PARTS = `{ candidates: ${domCandidates.toString()}, watchTyping: ${watchTyping.toString()}, watchScrollsAndResizes: ${watchScrollsAndResizes.toString()} }`;
const SOURCE = `(${installRecorder.toString()})(${JSON.stringify(RECORDER_BINDING)}, ${JSON.stringify(RECORDER_GLOBAL)}, ${PARTS})`;

/** The recorded page whose documents these are: its target id, and its label in steps now (none for the page recording began on). */
export interface RecordedTarget {
  readonly id: string;
  label(): string | undefined;
}

/**
 * Records the documents one CDP session reaches: a page's own (its main frame and same-process
 * iframes), or a cross-site iframe's, which runs in a process of its own and is attached to as a
 * child session, recorded the same way, its frame paths starting from where it sits in the parent's.
 */
export class DocumentRecorder implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly frames: RecordedFrames;
  /** The cross-site iframes below, by session id. */
  private readonly children = new Map<string, DocumentRecorder>();
  private scriptId = '';

  static async start(client: CDPSession, recording: FlowRecording, target: RecordedTarget, framePrefix: () => number[] = () => []): Promise<DocumentRecorder> {
    const recorder = new DocumentRecorder(client, recording, target, framePrefix);
    await recorder.install();
    return recorder;
  }

  private constructor(
    private readonly client: CDPSession,
    private readonly recording: FlowRecording,
    private readonly target: RecordedTarget,
    private readonly framePrefix: () => number[],
  ) {
    // Every document gets the script: those already open as Runtime reports them, new ones also before their own scripts run.
    this.frames = this.store.add(new RecordedFrames(client, (contextId) => void client.send('Runtime.evaluate', { expression: SOURCE, contextId }).catch(() => undefined)));
  }

  private async install(): Promise<void> {
    const { client } = this;
    this.store.add(
      onCdpEvent(client, 'Runtime.bindingCalled', ({ name, payload, executionContextId }) => {
        const event = name === RECORDER_BINDING ? parseRecordedEvent(payload) : undefined;
        if (event) {
          this.reported(event, executionContextId);
        }
      }),
    );
    this.store.add(onCdpEvent(client, 'Target.attachedToTarget', (event) => void this.adopt(event)));
    this.store.add(onCdpEvent(client, 'Target.detachedFromTarget', ({ sessionId }) => this.detached(sessionId)));
    await client.send('Page.enable');
    await this.frames.load();
    await client.send('Runtime.addBinding', { name: RECORDER_BINDING });
    this.scriptId = (await client.send('Page.addScriptToEvaluateOnNewDocument', { source: SOURCE })).identifier;
    await client.send('Runtime.enable');
    await client.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true, filter: [{ type: 'iframe' }] });
  }

  /** A cross-site iframe's own session. */
  private async adopt({ sessionId, targetInfo }: Protocol.Target.AttachedToTargetEvent): Promise<void> {
    const child = this.client.connection()?.session(sessionId);
    if (!child) {
      return;
    }
    this.frames.attached(targetInfo.targetId, targetInfo.parentFrameId); // a frame that was cross-site when we came keeps its place after the others
    const recorder = await DocumentRecorder.start(child, this.recording, this.target, () => [...this.framePrefix(), ...this.frames.path(targetInfo.targetId)]).catch(() => undefined);
    if (recorder) {
      this.children.set(sessionId, this.store.add(recorder)); // disposed at once if this one is already
    }
  }

  private detached(sessionId: string): void {
    const child = this.children.get(sessionId);
    if (child) {
      this.children.delete(sessionId);
      this.store.delete(child);
    }
  }

  private reported(event: RecordedEvent, contextId: number): void {
    const place = { page: this.target.id, target: this.target.label(), frame: [...this.framePrefix(), ...this.frames.path(this.frames.frameOf(contextId))] };
    this.recording.record(place, event, () => stepFor(this.client, event, contextId, place));
  }

  /** Has every document report at once what is still settling (a scroll, a resize). */
  async flush(): Promise<void> {
    const expression = `globalThis.${RECORDER_GLOBAL}?.flush()`;
    const documents = this.frames.contextIds().map((contextId) => this.client.send('Runtime.evaluate', { expression, contextId }).catch(() => undefined));
    await Promise.all([...documents, ...[...this.children.values()].map((child) => child.flush())]);
  }

  dispose(): void {
    if (this.store.isDisposed) {
      return;
    }
    this.store.dispose();
    if (this.client.connection()) {
      void this.client.send('Page.removeScriptToEvaluateOnNewDocument', { identifier: this.scriptId }).catch(() => undefined);
      void this.client.detach().catch(() => undefined);
    }
  }
}
