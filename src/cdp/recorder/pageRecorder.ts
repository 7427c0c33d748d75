import type { CDPSession, Target } from 'puppeteer-core';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import type { FlowStep, UserFlow } from './flowSchema';
import { installRecorder, RECORDED_ELEMENTS, RECORDER_BINDING, RecordedEvent } from './recorderScript';
import { domCandidates } from './selectorCandidates';
import { orderSelectors, Selector, selectorsFor } from './selectorGenerator';

/** A page load this soon after a click or key is that action's doing, not a navigation of its own. */
const CAUSED_WITHIN_MS = 1500;

/**
 * Records what the developer does in one page (in a tile or in a visible browser window alike) as
 * Chrome DevTools Recorder steps: navigations, clicks with offsets, double clicks, changed values,
 * special keys. Password values never leave the page: they become {{secret:NAME}}.
 */
export class PageRecorder implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly recorded: FlowStep[] = [];
  /** Steps resolve their selectors asynchronously; this keeps them in the order they happened. */
  private queue: Promise<void> = Promise.resolve();
  private lastActionAt = 0;
  private scriptId = '';

  static async start(target: Target): Promise<PageRecorder> {
    const client = await target.createCDPSession();
    const recorder = new PageRecorder(client);
    await recorder.install();
    return recorder;
  }

  private constructor(private readonly client: CDPSession) {}

  private async install(): Promise<void> {
    const source = `(${installRecorder.toString()})(${JSON.stringify(RECORDER_BINDING)}, ${JSON.stringify(RECORDED_ELEMENTS)}, ${domCandidates.toString()})`;
    this.store.add(onCdpEvent(this.client, 'Runtime.bindingCalled', ({ name, payload, executionContextId }) => name === RECORDER_BINDING && this.enqueue(() => this.onEvent(JSON.parse(payload) as RecordedEvent, executionContextId))));
    this.store.add(
      onCdpEvent(this.client, 'Page.frameNavigated', ({ frame }) => {
        if (!frame.parentId && performance.now() - this.lastActionAt > CAUSED_WITHIN_MS) {
          this.enqueue(async () => void this.recorded.push({ type: 'navigate', url: frame.url }));
        }
      }),
    );
    await this.client.send('Page.enable');
    await this.client.send('Runtime.enable');
    await this.client.send('Runtime.addBinding', { name: RECORDER_BINDING });
    this.scriptId = (await this.client.send('Page.addScriptToEvaluateOnNewDocument', { source, runImmediately: true })).identifier;
    await this.client.send('Runtime.evaluate', { expression: source }); // the document already open
    const { targetInfo } = await this.client.send('Target.getTargetInfo');
    const { layoutViewport } = await this.client.send('Page.getLayoutMetrics');
    this.recorded.push(
      { type: 'setViewport', width: layoutViewport.clientWidth, height: layoutViewport.clientHeight, deviceScaleFactor: 1, isMobile: false, hasTouch: false, isLandscape: false },
      { type: 'navigate', url: targetInfo.url },
    );
  }

  /** The flow so far, once every step in flight has its selectors. */
  async flow(title: string): Promise<UserFlow> {
    await this.queue;
    return { title, steps: [...this.recorded] };
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch(() => undefined); // an element gone meanwhile: that step is lost, not the rest
  }

  private async onEvent(event: RecordedEvent, executionContextId: number): Promise<void> {
    this.lastActionAt = performance.now();
    if (event.kind === 'keyDown' || event.kind === 'keyUp') {
      this.recorded.push({ type: event.kind, key: event.key! });
      return;
    }
    const selectors = (await this.selectors(event, executionContextId)).map((selector) => [...selector]);
    if (selectors.length === 0) {
      return;
    }
    if (event.kind === 'change') {
      this.recorded.push({ type: 'change', selectors, value: event.secret ? `{{secret:${event.secretName}}}` : (event.value ?? '') });
    } else {
      this.recorded.push({ type: event.kind, selectors, offsetX: event.offsetX ?? 0, offsetY: event.offsetY ?? 0 });
    }
  }

  /** All selectors while the element is still there; the ones the page took at once if it has gone. */
  private async selectors(event: RecordedEvent, contextId: number): Promise<readonly Selector[]> {
    const found = await this.client.send('Runtime.evaluate', { expression: `globalThis.${RECORDED_ELEMENTS}.get(${Number(event.id)})`, contextId }).catch(() => undefined);
    const objectId = found?.result.objectId;
    if (!objectId) {
      return event.dom ? orderSelectors(event.dom) : [];
    }
    try {
      return await selectorsFor(this.client, objectId);
    } catch {
      return event.dom ? orderSelectors(event.dom) : [];
    } finally {
      await this.client.send('Runtime.releaseObject', { objectId }).catch(() => undefined);
    }
  }

  dispose(): void {
    this.store.dispose();
    if (this.client.connection()) {
      void this.client.send('Page.removeScriptToEvaluateOnNewDocument', { identifier: this.scriptId }).catch(() => undefined);
      void this.client.detach().catch(() => undefined);
    }
  }
}
