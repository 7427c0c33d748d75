import { revealAndMeasure } from '../pageSide/elements';
import type { CdpClient } from '../target/cdpChannel';
import { releaseObject } from '../target/remoteObjects';
import { abortable } from '../action/abort';
import { AgentError } from '../action/agentError';
import { elementLabel } from './elementLabel';
import type { FrameSessions } from './frameSessions';
import { isolatedWorld, nodeInWorld, querySelectorInWorld } from '../target/isolatedWorld';
import type { ElementRef, RefTable } from './refTable';

/** What a tool acts on: a ref from snapshot_page, a CSS selector, or a point in the viewport (CSS px). */
export interface ElementTarget {
  readonly ref?: string;
  readonly selector?: string;
  readonly x?: number;
  readonly y?: number;
}

export interface ResolvedTarget {
  /** The session of the element's frame (the page's own, or a cross-site iframe's). */
  readonly client: CdpClient;
  /** The element, when the target names one: its frame, node, and object in our isolated world there (released by the caller with `release`). */
  readonly element?: { readonly frameId: string; readonly backendNodeId: number; readonly objectId: string; readonly world: number };
  /** Where a click lands, in the page's viewport CSS px. */
  readonly point: { readonly x: number; readonly y: number };
  /** The element's box in viewport CSS px (a point target: a 1x1 box). */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** How the model named it (a ref, a selector, a point): our words, safe in a result's text. */
  readonly description: string;
  /** How the page names it (`button "Save"`): page text, for the untrusted part of a result only. */
  readonly label?: string;
  /** A password field: what is typed into it is never shown. */
  readonly secret?: boolean;
}

export async function resolveTarget(frames: FrameSessions, page: CdpClient, mainFrameId: string, refs: RefTable, target: ElementTarget, signal: AbortSignal): Promise<ResolvedTarget> {
  if (target.ref === undefined && target.selector === undefined) {
    if (typeof target.x !== 'number' || typeof target.y !== 'number') {
      throw new AgentError('INVALID_INPUT', 'Say what to act on: a ref from snapshot_page, a CSS selector, or x and y in the viewport.');
    }
    return { client: page, point: { x: target.x, y: target.y }, box: { x: target.x, y: target.y, width: 1, height: 1 }, description: `(${target.x}, ${target.y})` };
  }
  const described = target.ref ?? target.selector!;
  // Selectors are looked up in the main frame; a ref knows its frame.
  const ref = target.ref !== undefined ? elementOf(refs, target.ref) : undefined;
  const frameId = ref?.frameId ?? mainFrameId;
  const client = ref ? frames.clientFor(ref.frameId) : page;
  const world = await abortable(isolatedWorld(client, frameId), signal).catch((error: unknown) => (ref ? staleRefUnlessAgentError(error, described) : Promise.reject(error)));
  const objectId = ref ? await abortable(nodeInWorld(client, world, ref.backendNodeId), signal).catch((error: unknown) => staleRefUnlessAgentError(error, described)) : await objectForSelector(client, world, target.selector!, signal);
  try {
    const backendNodeId = ref?.backendNodeId ?? (await abortable(client.send('DOM.describeNode', { objectId }), signal)).node.backendNodeId;
    const { result } = await abortable(client.send('Runtime.callFunctionOn', { objectId, functionDeclaration: revealAndMeasure.toString(), returnByValue: true }), signal);
    const measured = result.value as { connected: boolean; visible?: boolean; secret?: boolean; x: number; y: number; width: number; height: number };
    if (!measured.connected) {
      throw new AgentError('STALE_REF', `${described} is no longer in the page (it was removed). Take a new snapshot_page.`);
    }
    if (!measured.visible) {
      throw new AgentError('NOT_ACTIONABLE', `${described} is not visible (zero size, hidden or display: none). Pick a visible element from a new snapshot_page.`);
    }
    // revealAndMeasure scrolled it into view first, so the frame offsets read after it hold.
    const { offset: shown } = await abortable(frames.access(frameId), signal).catch((error: unknown) => staleRefUnlessAgentError(error, described));
    const box = { x: measured.x + shown.x, y: measured.y + shown.y, width: measured.width, height: measured.height };
    const label = await abortable(elementLabel(client, backendNodeId), signal);
    const element = { frameId, backendNodeId, objectId, world };
    return { client, element, box, label, secret: measured.secret, point: { x: box.x + box.width / 2, y: box.y + box.height / 2 }, description: described };
  } catch (error) {
    await releaseObject(client, objectId);
    throw error;
  }
}

function elementOf(refs: RefTable, ref: string): ElementRef {
  const { element, problem } = refs.lookup(ref);
  if (!element) {
    throw new AgentError('STALE_REF', problem!);
  }
  return element;
}

function staleRefUnlessAgentError(error: unknown, described: string): never {
  if (error instanceof AgentError) {
    throw error;
  }
  throw new AgentError('STALE_REF', `${described} is no longer in the page (its frame went away). Take a new snapshot_page.`);
}

async function objectForSelector(client: CdpClient, world: number, selector: string, signal: AbortSignal): Promise<string> {
  const objectId = await abortable(querySelectorInWorld(client, world, selector), signal).catch((error: unknown) => {
    throw error instanceof SyntaxError ? new AgentError('INVALID_INPUT', `"${selector}" is not a valid CSS selector.`) : error;
  });
  if (!objectId) {
    throw new AgentError('NOT_FOUND', `No element matches "${selector}". Take a snapshot_page and use a ref instead.`);
  }
  return objectId;
}

export async function release(target: ResolvedTarget): Promise<void> {
  await releaseObject(target.client, target.element?.objectId);
}
