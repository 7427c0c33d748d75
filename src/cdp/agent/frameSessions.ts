import { contentOrigin } from '../pageSide/elements';
import type { IDisposable } from '../disposable';
import type { CdpChannel, CdpClient } from '../target/cdpChannel';
import type { PageTarget } from '../target/pageTarget';
import { releaseObject } from '../target/remoteObjects';
import { isolatedWorld, nodeInWorld } from '../target/isolatedWorld';

/** How to reach a frame: the CDP session its document lives in, and where its viewport sits in the page's. */
export interface FrameAccess {
  readonly client: CdpClient;
  readonly offset: { readonly x: number; readonly y: number };
}

export interface FrameInfo {
  readonly frameId: string;
  readonly parentFrameId?: string;
  readonly url: string;
}

/**
 * The frames of one page. Same-site frames live in the page's own process and CDP session; a
 * cross-site iframe runs in a process of its own, reached by attaching to its target (flattened, on
 * the same connection). Boxes measured in a frame are moved into the page's viewport by the offsets
 * of the <iframe> elements above it, since input is dispatched to the page.
 */
export class FrameSessions implements IDisposable {
  private readonly attached = new Map<string, CdpChannel>();
  private parents = new Map<string, string | undefined>();
  /** Each frame's children, in the order list() found them. */
  private children = new Map<string, string[]>();

  constructor(private readonly page: PageTarget) {}

  /** Every frame of the page, parents before children; cross-site ones attached on the way. */
  async list(): Promise<FrameInfo[]> {
    const { frameTree } = await this.page.send('Page.getFrameTree');
    const frames: FrameInfo[] = [];
    const walk = (node: typeof frameTree, parentFrameId?: string) => {
      frames.push({ frameId: node.frame.id, parentFrameId, url: node.frame.url });
      (node.childFrames ?? []).forEach((child) => walk(child, node.frame.id));
    };
    walk(frameTree);
    const { targetInfos } = await this.page.send('Target.getTargets');
    const known = new Set(frames.map((frame) => frame.frameId));
    for (let added = true; added; ) {
      added = false;
      for (const target of targetInfos) {
        if (target.type === 'iframe' && target.parentFrameId && known.has(target.parentFrameId) && !known.has(target.targetId)) {
          frames.push({ frameId: target.targetId, parentFrameId: target.parentFrameId, url: target.url });
          known.add(target.targetId);
          await this.attach(target.targetId);
          added = true;
        }
      }
    }
    this.parents = new Map(frames.map((frame) => [frame.frameId, frame.parentFrameId]));
    this.children = new Map();
    frames.forEach(({ frameId, parentFrameId }) => parentFrameId !== undefined && this.children.set(parentFrameId, [...(this.children.get(parentFrameId) ?? []), frameId]));
    return frames;
  }

  /**
   * Child indexes from the main frame down to `frameId` (a Recorder step's `frame`, which a replay walks
   * through puppeteer's childFrames()): the frame tree's order, cross-site frames after their same-site
   * siblings, as list() found them and as a page loading afresh attaches them.
   */
  framePath(frameId: string): number[] {
    const path: number[] = [];
    for (let id = frameId, parent = this.parents.get(id); parent !== undefined; id = parent, parent = this.parents.get(id)) {
      path.unshift(this.children.get(parent)!.indexOf(id));
    }
    return path;
  }

  /** The frame at child indexes `path` below the main frame (framePath's inverse, as list() last found them). */
  frameAt(mainFrameId: string, path: readonly number[]): string | undefined {
    let id: string | undefined = mainFrameId;
    for (const index of path) {
      id = id === undefined ? undefined : this.children.get(id)?.[index];
    }
    return id;
  }

  /** The session a frame's document lives in, and its viewport's offset in the page's. */
  async access(frameId: string): Promise<FrameAccess> {
    const parentFrameId = this.parents.get(frameId);
    if (parentFrameId === undefined) {
      return { client: this.attached.get(frameId) ?? this.page, offset: { x: 0, y: 0 } };
    }
    const parent = await this.access(parentFrameId);
    const { backendNodeId } = await parent.client.send('DOM.getFrameOwner', { frameId });
    // Measured in our isolated world: the page cannot move where we think its frames are.
    const objectId = await nodeInWorld(parent.client, await isolatedWorld(parent.client, parentFrameId), backendNodeId);
    try {
      const { result } = await parent.client.send('Runtime.callFunctionOn', { objectId, functionDeclaration: contentOrigin.toString(), returnByValue: true });
      const origin = result.value as { x: number; y: number };
      return { client: this.attached.get(frameId) ?? parent.client, offset: { x: parent.offset.x + origin.x, y: parent.offset.y + origin.y } };
    } finally {
      await releaseObject(parent.client, objectId);
    }
  }

  /** Where the viewport of the session a frame's document lives in starts, in the page's (a cross-site frame's own; else the page's, at 0, 0). */
  async sessionOrigin(frameId: string): Promise<{ x: number; y: number }> {
    for (let id: string | undefined = frameId; id !== undefined; id = this.parents.get(id)) {
      if (this.attached.has(id)) {
        return (await this.access(id)).offset;
      }
    }
    return { x: 0, y: 0 };
  }

  /** The session to read a frame's document with (its own if cross-site, else its parent's). */
  clientFor(frameId: string): CdpClient {
    for (let id: string | undefined = frameId; id !== undefined; id = this.parents.get(id)) {
      const client = this.attached.get(id);
      if (client) {
        return client;
      }
    }
    return this.page;
  }

  private async attach(frameId: string): Promise<void> {
    if (this.attached.get(frameId)?.detached === false) {
      return; // still attached (a frame that navigated away took its session with it)
    }
    const { sessionId } = await this.page.send('Target.attachToTarget', { targetId: frameId, flatten: true });
    const client = this.page.channel.child(sessionId, frameId);
    if (client) {
      this.attached.set(frameId, client);
    }
  }

  dispose(): void {
    this.attached.forEach((client) => client.detach());
    this.attached.clear();
  }
}
