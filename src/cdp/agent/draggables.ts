import { draggableElements } from '../pageSide/dragCandidates';
import type { CdpClient } from '../target/cdpChannel';
import { isolatedWorld } from '../target/isolatedWorld';

/** A page marking thousands of elements draggable gets refs for this many; the snapshot's size cap bounds the rest. */
const MAX_DRAGGABLE = 300;
const GROUP = 'browser-canvas-draggables';

/**
 * The elements of one frame that can be dragged (`draggableElements`, in our isolated world), by
 * backend node id; none for a frame that goes away meanwhile. Event listeners were tried as a further
 * sign (DOMDebugger.getEventListeners): only with `pierce` does it read below the node it is given,
 * and with it Chromium 156's renderer crashed on the next click, in a test going from a 3,000-row
 * table to a page with a srcdoc iframe and a shadow root.
 */
export async function draggableNodes(client: CdpClient, frameId: string): Promise<ReadonlySet<number>> {
  try {
    const world = await isolatedWorld(client, frameId);
    const { result: document } = await client.send('Runtime.evaluate', { expression: 'document', contextId: world, objectGroup: GROUP });
    const { result: found } = await client.send('Runtime.callFunctionOn', { objectId: document.objectId, functionDeclaration: draggableElements.toString(), arguments: [{ value: MAX_DRAGGABLE }], objectGroup: GROUP });
    if (!found.objectId || found.description === 'Array(0)') {
      return new Set();
    }
    const { result: entries } = await client.send('Runtime.getProperties', { objectId: found.objectId, ownProperties: true });
    const elements = entries.filter((entry) => /^\d+$/.test(entry.name) && entry.value?.objectId).map((entry) => entry.value!.objectId!);
    return new Set(await Promise.all(elements.map(async (objectId) => (await client.send('DOM.describeNode', { objectId })).node.backendNodeId)));
  } catch {
    return new Set();
  } finally {
    await client.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
  }
}
