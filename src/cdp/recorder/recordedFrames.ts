import type { CdpClient } from '../target/cdpChannel';
import type { Protocol } from 'devtools-protocol';
import { DisposableStore, IDisposable } from '../disposable';
import { onCdpEvent } from '../puppeteerEvents';

/**
 * The frames of the documents one CDP session reaches, kept the way puppeteer keeps them, since a
 * step's `frame` is the index path a replay walks through `childFrames()`: the frame tree's order for
 * frames already there, then the order they attached in. Also which frame each page context is in.
 */
export class RecordedFrames implements IDisposable {
  private readonly store = new DisposableStore();
  /** Each frame's parent; a root's parent is outside this session (a cross-site frame's) or none. */
  private readonly parents = new Map<string, string | undefined>();
  private readonly children = new Map<string, string[]>();
  private readonly contexts = new Map<number, string>();

  /** Listens at once, so nothing attached while the tree is read is missed; `opened` hears of each document's page context. */
  constructor(
    private readonly client: CdpClient,
    private readonly opened: (contextId: number) => void,
  ) {
    this.store.add(onCdpEvent(client, 'Page.frameAttached', ({ frameId, parentFrameId }) => this.attached(frameId, parentFrameId)));
    // A frame swapped into another process stays where it is in the tree, as in puppeteer's.
    this.store.add(onCdpEvent(client, 'Page.frameDetached', ({ frameId, reason }) => reason !== 'swap' && this.detached(frameId)));
    // A frame's new document starts with no frames of its own (puppeteer drops them too), whether or not each old one was reported detached.
    this.store.add(onCdpEvent(client, 'Page.frameNavigated', ({ frame }) => [...(this.children.get(frame.id) ?? [])].forEach((child) => this.detached(child))));
    this.store.add(onCdpEvent(client, 'Runtime.executionContextCreated', ({ context }) => this.created(context)));
    this.store.add(onCdpEvent(client, 'Runtime.executionContextDestroyed', ({ executionContextId }) => this.contexts.delete(executionContextId)));
    this.store.add(onCdpEvent(client, 'Runtime.executionContextsCleared', () => this.contexts.clear()));
  }

  /** A page context, as Chromium announces it (or as the page target knew it, for a recorder joining late). */
  created(context: Protocol.Runtime.ExecutionContextDescription): void {
    const { isDefault, frameId } = (context.auxData ?? {}) as { isDefault?: boolean; frameId?: string };
    if (isDefault && frameId && !this.contexts.has(context.id)) {
      this.contexts.set(context.id, frameId);
      this.opened(context.id);
    }
  }

  /** Reads the frames already there (once Page is enabled). */
  async load(): Promise<void> {
    const { frameTree } = await this.client.send('Page.getFrameTree');
    const walk = ({ frame, childFrames }: Protocol.Page.FrameTree) => {
      this.attached(frame.id, frame.parentId);
      childFrames?.forEach(walk);
    };
    walk(frameTree);
  }

  /** A frame joins the tree, last among its siblings (unless it is there already). */
  attached(frameId: string, parentFrameId?: string): void {
    if (this.parents.has(frameId)) {
      return;
    }
    this.parents.set(frameId, parentFrameId);
    if (parentFrameId !== undefined) {
      this.children.set(parentFrameId, [...(this.children.get(parentFrameId) ?? []), frameId]);
    }
  }

  private detached(frameId: string): void {
    const parentFrameId = this.parents.get(frameId);
    (this.children.get(frameId) ?? []).forEach((child) => this.detached(child));
    this.children.delete(frameId);
    this.parents.delete(frameId);
    if (parentFrameId !== undefined) {
      this.children.set(parentFrameId, (this.children.get(parentFrameId) ?? []).filter((id) => id !== frameId));
    }
  }

  /** The frame a page context belongs to (its default world). */
  frameOf(contextId: number): string | undefined {
    return this.contexts.get(contextId);
  }

  /** The page contexts alive now, one a document. */
  contextIds(): number[] {
    return [...this.contexts.keys()];
  }

  /** Child indexes from this session's root down to `frameId`: [] for the root (or a frame not known). */
  path(frameId: string | undefined): number[] {
    const path: number[] = [];
    for (let id = frameId; id !== undefined; ) {
      const parent = this.parents.get(id);
      if (parent === undefined || !this.parents.has(parent)) {
        break;
      }
      path.unshift(this.children.get(parent)!.indexOf(id));
      id = parent;
    }
    return path;
  }

  dispose(): void {
    this.store.dispose();
  }
}
