import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { FlowRecording, RecorderNames } from './flowRecording';
import { RecordedFrames } from './recordedFrames';
import { stepFor } from './recordedSteps';
import { parseRecordedEvent } from './recordedEventSchema';
import { installRecorder, RecordedEvent } from '../pageSide/recorderScript';
import { watchTyping } from '../pageSide/recorderTyping';
import { watchScrollsAndResizes } from '../pageSide/recorderWatchers';
import { watchLeavingAria } from '../pageSide/recorderAria';
import { domCandidates } from '../pageSide/selectorCandidates';
import type { CdpChannel } from '../target/cdpChannel';
import type { PageTarget } from '../target/pageTarget';
import { unlessClosed, unlessGone } from '../target/targetClosedError';

// The command-line API (getAccessibleName, getAccessibleRole) is there only while the script is installed: the parts keep it.
const ACCESSIBLE = `typeof getAccessibleName === 'function' ? { name: getAccessibleName, role: getAccessibleRole } : undefined`;
const PARTS = `{ candidates: ${domCandidates.toString()}, watchTyping: ${watchTyping.toString()}, watchScrollsAndResizes: ${watchScrollsAndResizes.toString()}, watchLeavingAria: ${watchLeavingAria.toString()}, accessible: ${ACCESSIBLE} }`;
/** How many elements named as their document went are kept, for steps still finding their selectors. */
const LEFT_ARIA_KEPT = 20;
const sourceFor = ({ binding, global }: RecorderNames) => `(${installRecorder.toString()})(${JSON.stringify(binding)}, ${JSON.stringify(global)}, ${PARTS})`;

/** The recorded page whose documents these are: its target id, and its label in steps now (none for the page recording began on). */
export interface RecordedTarget {
  readonly id: string;
  label(): string | undefined;
}

/**
 * Records the documents one CDP session reaches: a page's own (its main frame and same-process
 * iframes, on the page's model, shared with the canvas and the agent, so all it set up is undone when
 * it stops), or a cross-site iframe's, which runs in a process of its own and is attached to as a
 * child session of the recorder's own, recorded the same way, its frame paths starting from where it
 * sits in the parent's.
 */
export class DocumentRecorder implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly frames: RecordedFrames;
  /** The cross-site iframes below, by session id. */
  private readonly children = new Map<string, DocumentRecorder>();
  private readonly adopted = new Set<string>();
  private scriptId = '';
  /** aria/ selectors of elements acted on just before their document went, by context and element id. */
  private readonly leftAria = new Map<string, string>();
  private readonly names: RecorderNames;

  /** Records the page's own documents. */
  static forPage(page: PageTarget, recording: FlowRecording, target: RecordedTarget): Promise<DocumentRecorder> {
    return DocumentRecorder.start(page, page, recording, target, () => []);
  }

  private static async start(client: PageTarget | CdpChannel, page: PageTarget | undefined, recording: FlowRecording, target: RecordedTarget, framePrefix: () => number[]): Promise<DocumentRecorder> {
    const recorder = new DocumentRecorder(client, page, recording, target, framePrefix);
    try {
      await recorder.install();
    } catch (error) {
      recorder.dispose();
      throw error;
    }
    return recorder;
  }

  private constructor(
    private readonly client: PageTarget | CdpChannel,
    /** Set when `client` is the page's shared model; unset: a child session of our own. */
    private readonly page: PageTarget | undefined,
    private readonly recording: FlowRecording,
    private readonly target: RecordedTarget,
    private readonly framePrefix: () => number[],
  ) {
    this.names = recording.names;
    const source = sourceFor(this.names);
    // Every document gets the script: those already open as Runtime reports them, new ones also before their own scripts run.
    this.frames = this.store.add(new RecordedFrames(client, (contextId) => void unlessGone(client.send('Runtime.evaluate', { expression: source, contextId, includeCommandLineAPI: true }))));
  }

  private async install(): Promise<void> {
    const { client } = this;
    this.store.add(
      onCdpEvent(client, 'Runtime.bindingCalled', ({ name, payload, executionContextId }) => {
        const event = name === this.names.binding ? parseRecordedEvent(payload) : undefined;
        if (event) {
          this.reported(event, executionContextId);
        }
      }),
    );
    this.store.add(onCdpEvent(client, 'Target.attachedToTarget', (event) => void this.adopt(event)));
    this.store.add(onCdpEvent(client, 'Target.detachedFromTarget', ({ sessionId }) => this.detached(sessionId)));
    await client.send('Page.enable');
    await this.frames.load();
    await client.send('Runtime.addBinding', { name: this.names.binding });
    this.scriptId = (await client.send('Page.addScriptToEvaluateOnNewDocument', { source: sourceFor(this.names), includeCommandLineAPI: true })).identifier;
    if (this.page) {
      this.store.add(await this.page.use('runtime'));
      // Runtime may have been on already (the agent's console log): its contexts were named before we listened.
      this.page.executionContexts().forEach((context) => this.frames.created(context));
    } else {
      await client.send('Runtime.enable');
    }
    if (this.page) {
      this.store.add(await this.page.use('frameTargets'));
      // On already for another feature (the agent's logs): the frames attached before we listened.
      this.page.attachedFrames().forEach((frame) => void this.adopt(frame));
    } else {
      await client.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true, filter: [{ type: 'iframe' }] });
    }
  }

  /** A cross-site iframe's own session. */
  private async adopt({ sessionId, targetInfo }: Pick<Protocol.Target.AttachedToTargetEvent, 'sessionId' | 'targetInfo'>): Promise<void> {
    if (this.adopted.has(sessionId)) {
      return; // announced while we also read the ones attached before
    }
    this.adopted.add(sessionId);
    const child = (this.page?.channel ?? (this.client as CdpChannel)).child(sessionId, targetInfo.targetId);
    if (!child) {
      return;
    }
    this.frames.attached(targetInfo.targetId, targetInfo.parentFrameId); // a frame that was cross-site when we came keeps its place after the others
    const prefix = () => [...this.framePrefix(), ...this.frames.path(targetInfo.targetId)];
    const recorder = await unlessClosed(DocumentRecorder.start(child, undefined, this.recording, this.target, prefix));
    if (recorder) {
      this.children.set(sessionId, this.store.add(recorder)); // disposed at once if this one is already
    }
  }

  private detached(sessionId: string): void {
    this.adopted.delete(sessionId);
    const child = this.children.get(sessionId);
    if (child) {
      this.children.delete(sessionId);
      this.store.delete(child);
    }
  }

  private reported(event: RecordedEvent, contextId: number): void {
    if (event.kind === 'aria') {
      this.leftAria.set(`${contextId}/${event.id}`, event.aria);
      [...this.leftAria.keys()].slice(0, -LEFT_ARIA_KEPT).forEach((key) => this.leftAria.delete(key));
      return;
    }
    const place = { page: this.target.id, target: this.target.label(), frame: [...this.framePrefix(), ...this.frames.path(this.frames.frameOf(contextId))] };
    this.recording.record(place, event, () => stepFor(this.client, event, contextId, place, this.names.global, (id) => this.leftAria.get(`${contextId}/${id}`)));
  }

  /** Has every document report at once what is still settling (a scroll, a resize). */
  async flush(): Promise<void> {
    const expression = `globalThis.${this.names.global}?.flush()`;
    const documents = this.frames.contextIds().map((contextId) => unlessGone(this.client.send('Runtime.evaluate', { expression, contextId })));
    await Promise.all([...documents, ...[...this.children.values()].map((child) => child.flush())]);
  }

  dispose(): void {
    if (this.store.isDisposed) {
      return;
    }
    this.store.dispose();
    if (!this.page) {
      (this.client as CdpChannel).detach(); // our own child session: all we set up goes with it
    } else if (!this.page.isClosed) {
      // The page's model stays for the canvas and the agent: take back what we set up there.
      const undo = [
        this.client.send('Runtime.removeBinding', { name: this.names.binding }),
        ...(this.scriptId ? [this.client.send('Page.removeScriptToEvaluateOnNewDocument', { identifier: this.scriptId })] : []),
      ];
      const undoFailed = this.page.warnUnlessClosed("taking back the recorder's setup");
      undo.forEach((step) => void step.catch(undoFailed));
    }
  }
}
