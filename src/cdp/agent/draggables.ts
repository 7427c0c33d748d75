import { draggableElements, dropZoneCandidates } from '../pageSide/dragCandidates';
import type { CdpClient } from '../target/cdpChannel';
import { isolatedWorld } from '../target/isolatedWorld';
import { unlessGone } from '../target/targetClosedError';

/** A page marking thousands of elements draggable gets refs for this many; the snapshot's size cap bounds the rest. */
const MAX_DRAGGABLE = 300;
const GROUP = 'browser-canvas-draggables';
/** Plain boxes asked whether the page listens for drops on them: one call each, so bounded. */
const MAX_DROP_CANDIDATES = 60;
const DROP_EVENTS = new Set(['drop', 'dragover', 'dragenter']);

/** By backend node id: what can be dragged, and the plain boxes the page takes drops on. */
export interface DragNodes {
  readonly draggable: ReadonlySet<number>;
  readonly dropZones: ReadonlySet<number>;
}

const NONE: DragNodes = { draggable: new Set(), dropZones: new Set() };

/**
 * The elements of one frame that can be dragged (`draggableElements`, in our isolated world) and,
 * where there are any, the plain boxes that listen for drops (`dropZoneCandidates`), by backend node
 * id; none for a frame that goes away meanwhile, and any other failure (a bug of ours) throws. Event
 * listeners were tried as a further sign (DOMDebugger.getEventListeners): only with `pierce` does it
 * read below the node it is given, and with it Chromium 156's renderer crashed on the next click, in
 * a test going from a 3,000-row table to a page with a srcdoc iframe and a shadow root.
 */
export async function draggableNodes(client: CdpClient, frameId: string): Promise<DragNodes> {
  try {
    return (await unlessGone(readDragNodes(client, frameId))) ?? NONE;
  } finally {
    await client.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
  }
}

async function readDragNodes(client: CdpClient, frameId: string): Promise<DragNodes> {
  const world = await isolatedWorld(client, frameId);
  const { result: document } = await client.send('Runtime.evaluate', { expression: 'document', contextId: world, objectGroup: GROUP });
  const elementsOf = async (found: typeof draggableElements, max: number) => {
    const { result } = await client.send('Runtime.callFunctionOn', { objectId: document.objectId, functionDeclaration: found.toString(), arguments: [{ value: max }], objectGroup: GROUP });
    if (!result.objectId || result.description === 'Array(0)') {
      return [];
    }
    const { result: entries } = await client.send('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    return entries.filter((entry) => /^\d+$/.test(entry.name) && entry.value?.objectId).map((entry) => entry.value!.objectId!);
  };
  const backendId = async (objectId: string) => (await client.send('DOM.describeNode', { objectId })).node.backendNodeId;
  const draggable = await elementsOf(draggableElements, MAX_DRAGGABLE);
  if (!draggable.length) {
    return NONE; // nothing to drag: no drop zone worth a ref
  }
  const candidates = await Promise.all((await elementsOf(dropZoneCandidates, MAX_DROP_CANDIDATES)).map(backendId));
  const zones = await Promise.all(candidates.map(async (backendNodeId) => ((await takesDrops(client, backendNodeId)) ? backendNodeId : undefined)));
  return { draggable: new Set(await Promise.all(draggable.map(backendId))), dropZones: new Set(zones.filter((id): id is number => id !== undefined)) };
}

/**
 * The element's own listeners (not its descendants': see above) include a drop or a dragover one. Read
 * on the node as the page's world holds it: Chromium lists a world's listeners only to that world's
 * object. Only read, never called: the page cannot make it say otherwise.
 */
async function takesDrops(client: CdpClient, backendNodeId: number): Promise<boolean> {
  const { object } = await client.send('DOM.resolveNode', { backendNodeId, objectGroup: GROUP });
  const { listeners } = await client.send('DOMDebugger.getEventListeners', { objectId: object.objectId!, depth: 0 });
  return listeners.some((listener) => DROP_EVENTS.has(listener.type));
}
