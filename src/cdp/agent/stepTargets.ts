import { abortable } from '../action/abort';
import { boxModelOf } from '../target/boxModel';
import type { CdpClient } from '../target/cdpChannel';
import { isolatedWorld, nodeInWorld } from '../target/isolatedWorld';
import { nodeAtPoint } from '../target/nodeAtPoint';
import { releaseObject } from '../target/remoteObjects';
import { agentSelectors } from '../timeline/agentSteps';
import type { FrameSessions } from './frameSessions';

/** Where a Recorder step finds an element: selectors in its own document, and that document's frame path (none: the main frame). */
export interface StepTarget {
  readonly selectors: string[][];
  readonly frame?: number[];
}

/** The step target of an element of the page (`objectId` in `client`, its frame's session); undefined when no selector is unique. */
export async function stepTargetOf(frames: FrameSessions, client: CdpClient, element: { readonly frameId: string; readonly objectId: string }): Promise<StepTarget | undefined> {
  const selectors = await agentSelectors(client, element.objectId);
  const frame = frames.framePath(element.frameId);
  return selectors && (frame.length ? { selectors, frame } : { selectors });
}

/**
 * A click at a point (x, y: no element named), as a step that replays: a click on the element the
 * browser hits there, at the same offset in its box. Read before the click, which may take the element
 * away; undefined where nothing is hit or nothing there has a unique selector.
 */
export async function pointTarget(frames: FrameSessions, page: CdpClient, mainFrameId: string, point: { x: number; y: number }, signal: AbortSignal): Promise<(StepTarget & { offsetX: number; offsetY: number }) | undefined> {
  const hit = await abortable(nodeAtPoint(page, point.x, point.y), signal);
  if (!hit) {
    return undefined;
  }
  if (hit.frameId !== mainFrameId) {
    await abortable(frames.list(), signal); // the frame's place among its siblings, for its path
  }
  const client = frames.clientFor(hit.frameId);
  const objectId = await abortable(nodeInWorld(client, await isolatedWorld(client, hit.frameId), hit.backendNodeId), signal);
  try {
    const where = await stepTargetOf(frames, client, { frameId: hit.frameId, objectId });
    // Quads are in the page's viewport, as the point is, even for a node in a same-site frame.
    const model = await abortable(boxModelOf(page, hit.backendNodeId), signal);
    return where && model && { ...where, offsetX: point.x - Math.min(model.border[0], model.border[6]), offsetY: point.y - Math.min(model.border[1], model.border[3]) };
  } finally {
    await releaseObject(client, objectId);
  }
}
