import { DisposableStore, IDisposable } from '../disposable';
import { Emitter } from '../events';
import { PageInput } from '../pageInput';
import { fileInput, selectContents } from '../pageSide/fields';
import { onCdpEvent } from '../puppeteerEvents';
import { chooseSelectOption, describeSelectNode } from '../selectPopup';
import type { PageTarget } from '../target/pageTarget';
import { unlessGone } from '../target/targetClosedError';
import { abortable, sleep, throwIfAborted } from '../action/abort';
import { AgentError } from '../action/agentError';
import { axItems, AxItem } from './axTree';
import { ElementTarget, release, ResolvedTarget, resolveTarget } from './elementTarget';
import { checkNothingCovers } from './hitTest';
import { dragWithMouse } from './dragGesture';
import { draggableNodes } from './draggables';
import { FileChoosers } from './fileChoosers';
import { ConsoleLog } from './consoleLog';
import { NetworkLog } from './networkLog';
import { FrameSessions } from './frameSessions';
import { keyEvents } from './keys';
import { RefTable } from './refTable';
import { renderSnapshot, RenderedSnapshot } from './snapshotText';
import { originOf } from '../urls';
import type { UntrustedContent } from '../action/agentError';
import { AgentStep, FeedbackMode, HIGHLIGHT_MS, PAUSE_AFTER_MS } from '../action/actionSteps';
import { noteSteps, noteTarget } from '../timeline/actionNotes';
import { keySteps, typedValue } from '../timeline/agentSteps';
import { pointTarget, StepTarget, stepTargetOf } from './stepTargets';

/** What an action acted on: how the model named it (our words) and how the page names it (untrusted). */
export interface ActedOn {
  readonly description: string;
  readonly page: UntrustedContent;
}

/** Roughly 4,000 tokens: the most one snapshot may cost a model. */
export const MAX_SNAPSHOT_CHARS = 16_000;

/**
 * One page as the agent drives it, a feature of the page's model (PageTarget): a snapshot with refs,
 * and the actions, each abortable and shown on the canvas through `onDidStep`. Input goes through
 * `Input.dispatch*`, so the page sees the same events a person's input makes.
 */
export class AgentPage implements IDisposable {
  private readonly store = new DisposableStore();
  private readonly steps = this.store.add(new Emitter<AgentStep>());
  private readonly refs = new RefTable();
  private readonly input: PageInput;
  /** The page's frames, for reads that look into each (wait_for). */
  readonly frames: FrameSessions;
  readonly onDidStep = this.steps.event;
  /** The page's file choosers: which one a click opened, and answering it (upload_file). */
  readonly fileChoosers: FileChoosers;
  /** What the page logged and fetched since the agent first touched it (console_messages, network_requests). */
  readonly console: ConsoleLog;
  readonly network: NetworkLog;

  readonly targetId: string;

  constructor(
    private readonly client: PageTarget,
    private readonly feedback: () => FeedbackMode,
  ) {
    this.targetId = client.targetId;
    this.input = new PageInput(client);
    this.frames = this.store.add(new FrameSessions(client));
    this.fileChoosers = this.store.add(new FileChoosers(client));
    this.console = this.store.add(new ConsoleLog(client));
    this.network = this.store.add(new NetworkLog(client));
    this.store.add(onCdpEvent(client, 'Page.frameNavigated', ({ frame }) => !frame.parentId && this.refs.retire(`it navigated to ${frame.url}`)));
  }

  async snapshot(options: { find?: string; maxChars?: number }, signal: AbortSignal): Promise<RenderedSnapshot & { url: string; title: string }> {
    const [frames, { targetInfo }] = await abortable(Promise.all([this.frames.list(), this.client.send('Target.getTargetInfo')]), signal);
    const items: AxItem[] = [];
    for (const frame of frames) {
      const client = this.frames.clientFor(frame.frameId);
      // A cross-site frame's tree is its own session's whole tree; a same-site one is asked for by id.
      const params = client === this.client ? { frameId: frame.frameId } : {};
      const read = await unlessGone(abortable(this.client.expectSlow(Promise.all([client.send('Accessibility.getFullAXTree', params), draggableNodes(client, frame.frameId)])), signal));
      const [{ nodes }, draggable] = read ?? [{ nodes: [] }, undefined]; // a frame going away meanwhile
      const frameItems = axItems(nodes, frame.frameId, draggable);
      if (frame.parentFrameId === undefined) {
        items.push(...frameItems);
        continue;
      }
      // Inside the <iframe> element that holds it, where a person sees it.
      const parentClient = this.frames.clientFor(frame.parentFrameId);
      const owner = await unlessGone(abortable(parentClient.send('DOM.getFrameOwner', { frameId: frame.frameId }), signal));
      const holder = owner && findItem(items, owner.backendNodeId, frame.parentFrameId);
      (holder ? holder.children : items).push(...(holder ? frameItems : [{ role: 'iframe', name: frame.url, attributes: [], frameId: frame.frameId, actionable: false, children: frameItems }]));
    }
    const rendered = renderSnapshot(items, { maxChars: Math.min(options.maxChars ?? MAX_SNAPSHOT_CHARS, MAX_SNAPSHOT_CHARS), find: options.find, refFor: (item) => this.refs.refFor(item) });
    return { ...rendered, url: targetInfo.url, title: targetInfo.title };
  }

  async click(target: ElementTarget, options: { button?: 'left' | 'right' | 'middle'; clickCount?: number }, signal: AbortSignal): Promise<ActedOn> {
    return this.onTarget(target, signal, async (resolved) => {
      const { point } = resolved;
      await checkNothingCovers(this.frames, resolved, originOf(this.client.url), signal);
      const button = options.button ?? 'left';
      const clickCount = options.clickCount ?? 1;
      const where = resolved.element
        ? await this.stepTarget(resolved).then((found) => found && { ...found, offsetX: point.x - resolved.box.x, offsetY: point.y - resolved.box.y })
        : // A step is a help to a replay, never a reason for the click to fail: what went wrong is logged.
          await unlessGone(pointTarget(this.frames, this.client, this.targetId, point, signal)).catch(this.client.warnUnlessClosed("a point click's replay step"));
      await this.mouse('mouseMoved', point, 'none', 0, signal);
      for (let count = 1; count <= clickCount; count++) {
        await this.mouse('mousePressed', point, button, count, signal);
        await this.mouse('mouseReleased', point, button, count, signal);
      }
      this.steps.fire({ targetId: this.targetId, kind: 'click', point });
      if (where) {
        noteSteps({ type: clickCount > 1 ? 'doubleClick' : 'click', ...where, ...(button === 'left' ? {} : { button: button === 'right' ? 'secondary' : 'auxiliary' }) });
      }
    });
  }

  async hover(target: ElementTarget, signal: AbortSignal): Promise<ActedOn> {
    return this.onTarget(target, signal, async (resolved) => {
      const where = await this.stepTarget(resolved);
      await this.mouse('mouseMoved', resolved.point, 'none', 0, signal);
      if (where) {
        noteSteps({ type: 'hover', ...where });
      }
    });
  }

  /** Types into a field: focused as a click would, optionally emptied first, then one insert. */
  async type(target: ElementTarget, text: string, options: { clear?: boolean; submit?: boolean }, signal: AbortSignal): Promise<ActedOn> {
    return this.onTarget(target, signal, async (resolved) => {
      await checkNothingCovers(this.frames, resolved, originOf(this.client.url), signal);
      const where = await this.stepTarget(resolved);
      await this.mouse('mousePressed', resolved.point, 'left', 1, signal);
      await this.mouse('mouseReleased', resolved.point, 'left', 1, signal);
      if (options.clear && resolved.element) {
        await abortable(resolved.client.send('Runtime.callFunctionOn', { objectId: resolved.element.objectId, functionDeclaration: selectContents.toString() }), signal);
      }
      this.steps.fire({ targetId: this.targetId, kind: 'type', box: resolved.box, text: resolved.secret ? '•'.repeat(text.length) : text });
      await abortable(this.input.insertText(text), signal);
      if (where && resolved.element) {
        noteSteps({ type: 'change', ...where, value: await abortable(typedValue(resolved.client, resolved.element.objectId, resolved.secret), signal) });
      }
      if (options.submit) {
        await this.press('Enter', signal);
      }
    });
  }

  async press(chord: string, signal: AbortSignal): Promise<void> {
    const events = keyEvents(chord);
    this.steps.fire({ targetId: this.targetId, kind: 'key', text: chord });
    for (const event of events) {
      await abortable(this.input.key(event), signal);
    }
    noteSteps(...keySteps(events));
  }

  async scroll(deltaX: number, deltaY: number, target: ElementTarget | undefined, signal: AbortSignal): Promise<void> {
    const point = target ? (await this.resolve(target, signal)).point : await this.viewportCentre(signal);
    this.steps.fire({ targetId: this.targetId, kind: 'scroll', point });
    await abortable(this.input.mouse({ action: 'mouseWheel', x: point.x, y: point.y, button: 'none', buttons: 0, clickCount: 0, deltaX, deltaY, modifiers: 0 }), signal);
  }

  /** Chooses the option whose label (or else value) is `option`, as a person would. */
  async selectOption(target: ElementTarget, option: string, signal: AbortSignal): Promise<ActedOn> {
    return this.onTarget(target, signal, async (resolved) => {
      const { client, element, description } = resolved;
      const select = element && (await abortable(describeSelectNode(client, element.objectId), signal));
      if (!select) {
        throw new AgentError('NOT_ACTIONABLE', `${description} is not a drop-down (<select>). Click it instead, or pick the select element from snapshot_page.`);
      }
      const wanted = option.trim().toLowerCase();
      const index = [select.options.findIndex((o) => o.label === option), select.options.findIndex((o) => o.label.trim().toLowerCase() === wanted), select.options.findIndex((o) => o.value === option)].find((i) => i >= 0) ?? -1;
      const where = await this.stepTarget(resolved);
      const chosen = await abortable(chooseSelectOption(client, select, index), signal);
      if (!chosen) {
        throw new AgentError('NOT_FOUND', `${description} has no enabled option with that label or value. Its options are listed below.`, { origin: originOf(this.client.url), content: select.options.map((o) => JSON.stringify(o.label)).join(', ') });
      }
      if (where) {
        noteSteps({ type: 'change', ...where, value: select.options[index].value });
      }
    });
  }

  async screenshot(signal: AbortSignal): Promise<Buffer> {
    const { data } = await abortable(this.client.send('Page.captureScreenshot', { format: 'png' }), signal);
    return Buffer.from(data, 'base64');
  }

  /** A PNG of one element, scrolled into view; `cut`: the element is larger than the viewport, so only its visible part is in it. */
  async screenshotOf(target: ElementTarget, signal: AbortSignal): Promise<ActedOn & { image: Buffer; cut: boolean }> {
    let shot: { image: Buffer; cut: boolean } | undefined;
    const acted = await this.onTarget(target, signal, async ({ box, description }) => {
      const { cssLayoutViewport: view } = await abortable(this.client.send('Page.getLayoutMetrics'), signal);
      const left = Math.max(box.x, 0);
      const top = Math.max(box.y, 0);
      const clip = { x: left, y: top, width: Math.min(box.x + box.width, view.clientWidth) - left, height: Math.min(box.y + box.height, view.clientHeight) - top };
      if (clip.width <= 0 || clip.height <= 0) {
        throw new AgentError('NOT_ACTIONABLE', `${description} lies outside the viewport even when scrolled to (placed off screen). Take a screenshot of the whole page, or of an element that shows.`);
      }
      // The box is in viewport pixels; the clip is in the document's, so the scroll offset goes on top.
      const { data } = await abortable(this.client.send('Page.captureScreenshot', { format: 'png', clip: { ...clip, x: clip.x + view.pageX, y: clip.y + view.pageY, scale: 1 } }), signal);
      shot = { image: Buffer.from(data, 'base64'), cut: clip.width < box.width || clip.height < box.height };
    });
    return { ...acted, ...shot! };
  }

  /** Gives a file input these files (real paths) as choosing them would, or with no target answers the chooser the page opened. */
  async upload(target: ElementTarget | undefined, files: readonly string[], signal: AbortSignal): Promise<ActedOn | undefined> {
    if (!target) {
      await this.fileChoosers.answer(files, signal);
      return undefined;
    }
    return this.onTarget(target, signal, async ({ client, element, description }) => {
      const input = element && (await abortable(client.send('Runtime.callFunctionOn', { objectId: element.objectId, functionDeclaration: fileInput.toString(), returnByValue: true }), signal)).result.value;
      if (!input) {
        throw new AgentError('NOT_ACTIONABLE', `${description} is not a file input (<input type=file>). Pick the file input from snapshot_page, or click the button that opens the file chooser and call upload_file with no ref or selector.`);
      }
      if (files.length > 1 && !input.multiple) {
        throw new AgentError('INVALID_INPUT', `${description} takes one file; you gave ${files.length}.`);
      }
      await abortable(client.send('DOM.setFileInputFiles', { objectId: element!.objectId, files: [...files] }), signal);
    });
  }

  /** Drags `from` onto `to` with the left button held (dragGesture.ts); `to` is looked up once the drag has begun, as a person scrolls to it. */
  async drag(from: ElementTarget, to: ElementTarget, signal: AbortSignal): Promise<{ from: ActedOn; to: ActedOn; kind: 'html5' | 'pointer' }> {
    let dropped: { to: ActedOn; kind: 'html5' | 'pointer' } | undefined;
    const dragged = await this.onTarget(from, signal, async (source) => {
      await checkNothingCovers(this.frames, source, originOf(this.client.url), signal);
      let landed: ResolvedTarget | undefined;
      const kind = await dragWithMouse(this.client, this.input, source.point, async () => {
        landed = await this.resolve(to, signal);
        await release(landed); // only its place is needed
        this.steps.fire({ targetId: this.targetId, kind: 'target', box: landed.box });
        return landed.point;
      }, signal);
      this.steps.fire({ targetId: this.targetId, kind: 'click', point: landed!.point });
      dropped = { to: this.actedOn(landed!), kind };
    });
    return { from: dragged, ...dropped! };
  }

  /** Shows the target (per the feedback mode), runs `act` on it, releases it; returns how it reads. */
  private async onTarget(target: ElementTarget, signal: AbortSignal, act: (resolved: ResolvedTarget) => Promise<unknown>): Promise<ActedOn> {
    const resolved = await this.resolve(target, signal);
    try {
      await this.noteTargetBox(resolved.box, signal);
      const mode = this.feedback();
      if (mode !== 'execution') {
        this.steps.fire({ targetId: this.targetId, kind: 'target', box: resolved.box });
        await sleep(HIGHLIGHT_MS[mode], signal);
      }
      await act(resolved);
      await sleep(PAUSE_AFTER_MS[mode], signal);
      return this.actedOn(resolved);
    } finally {
      await release(resolved);
    }
  }

  /** Where the timeline's step finds the element (none for a point: click() reads what is there). */
  private async stepTarget(resolved: ResolvedTarget): Promise<StepTarget | undefined> {
    return resolved.element && stepTargetOf(this.frames, resolved.client, resolved.element);
  }

  /** The target's box for the timeline, with the viewport it is in, so it can be drawn over the entry's thumbnail. */
  private async noteTargetBox(box: ResolvedTarget['box'], signal: AbortSignal): Promise<void> {
    const { cssVisualViewport: view } = await abortable(this.client.send('Page.getLayoutMetrics'), signal);
    noteTarget({ box: { ...box }, viewport: { width: view.clientWidth, height: view.clientHeight } });
  }

  private actedOn(resolved: ResolvedTarget): ActedOn {
    return { description: resolved.description, page: { content: `${resolved.description} is ${resolved.label ?? 'the point there'}` } };
  }

  private resolve(target: ElementTarget, signal: AbortSignal): Promise<ResolvedTarget> {
    throwIfAborted(signal);
    return resolveTarget(this.frames, this.client, this.targetId, this.refs, target, signal);
  }

  private async mouse(action: 'mouseMoved' | 'mousePressed' | 'mouseReleased', point: { x: number; y: number }, button: 'none' | 'left' | 'right' | 'middle', clickCount: number, signal: AbortSignal): Promise<void> {
    const buttons = action === 'mousePressed' ? { left: 1, right: 2, middle: 4, none: 0 }[button] : 0;
    await abortable(this.input.mouse({ action, x: point.x, y: point.y, button, buttons, clickCount, deltaX: 0, deltaY: 0, modifiers: 0 }), signal);
  }

  private async viewportCentre(signal: AbortSignal): Promise<{ x: number; y: number }> {
    const { cssVisualViewport: view } = await abortable(this.client.send('Page.getLayoutMetrics'), signal);
    return { x: view.clientWidth / 2, y: view.clientHeight / 2 };
  }

  /** The page model, for the page-level waits and evaluation in pageScript.ts. */
  get cdp(): PageTarget {
    return this.client;
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** The item of a node (backend ids are per process, so the frame says which process). */
function findItem(items: readonly AxItem[], backendNodeId: number, frameId: string): AxItem | undefined {
  for (const item of items) {
    const found = item.backendNodeId === backendNodeId && item.frameId === frameId ? item : findItem(item.children, backendNodeId, frameId);
    if (found) {
      return found;
    }
  }
  return undefined;
}
