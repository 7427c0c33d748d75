import type { PageTarget } from '../target/pageTarget';
import { unlessGone } from '../target/targetClosedError';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';
import { DocumentRecorder, RecordedTarget } from './documentRecorder';
import type { FlowRecording } from './flowRecording';
import { viewportStep } from './recordedSteps';

/**
 * One page of a recording: the page it began on, or a popup it opened. Follows the page's loads and
 * its URL, which is how a replay finds a popup again (it waits for the page with the step's URL).
 */
export class RecordedPage implements IDisposable, RecordedTarget {
  private readonly store = new DisposableStore();
  private url = '';
  private document?: DocumentRecorder;

  /** Begins recording `target`; the first page's recording begins with its size and its URL. */
  static async start(model: PageTarget, recording: FlowRecording, popup: boolean): Promise<RecordedPage> {
    const page = new RecordedPage(model, recording, popup);
    try {
      await page.install();
    } catch (error) {
      page.dispose();
      throw error;
    }
    return page;
  }

  readonly id: string;

  private constructor(
    private readonly client: PageTarget,
    private readonly recording: FlowRecording,
    readonly popup: boolean,
  ) {
    this.id = client.targetId;
  }

  /** What steps here carry as their `target`: a popup's URL now; nothing on the first page. */
  label(): string | undefined {
    return this.popup ? this.url : undefined;
  }

  private async install(): Promise<void> {
    const { client } = this;
    this.store.add(
      onCdpEvent(client, 'Page.frameNavigated', ({ frame }) => {
        if (!frame.parentId) {
          const place = { page: this.id, target: this.label(), frame: [] };
          this.url = frame.url;
          this.recording.navigated(place, frame.url);
        }
      }),
    );
    this.store.add(onCdpEvent(client, 'Page.navigatedWithinDocument', ({ frameId, url }) => frameId === this.id && (this.url = url)));
    this.store.add(onCdpEvent(client, 'Page.loadEventFired', () => void this.loaded()));
    this.url = (await client.send('Target.getTargetInfo')).targetInfo.url;
    if (!this.popup) {
      const { result } = await client.send('Runtime.evaluate', { expression: '[innerWidth, innerHeight]', returnByValue: true });
      const [width, height] = result.value as [number, number];
      this.recording.add(viewportStep(width, height));
      this.recording.add({ type: 'navigate', url: this.url });
    }
    this.document = this.store.add(await DocumentRecorder.forPage(client, this.recording, this));
  }

  private async loaded(): Promise<void> {
    const title = await unlessGone(this.client.send('Runtime.evaluate', { expression: 'document.title', returnByValue: true }));
    this.recording.loaded(this.id, String(title?.result.value ?? ''));
  }

  /** Has the page's documents report at once what is still settling, and the title of a load not yet told. */
  async flush(): Promise<void> {
    await Promise.all([this.document?.flush(), this.loaded()]);
  }

  dispose(): void {
    this.store.dispose(); // the document recorder takes back what it set up on the page
  }
}
