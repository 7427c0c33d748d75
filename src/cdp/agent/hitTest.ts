import { holds } from '../pageSide/elements';
import { nodeAtPoint } from '../target/nodeAtPoint';
import { releaseObject } from '../target/remoteObjects';
import { abortable } from '../action/abort';
import { AgentError } from '../action/agentError';
import { elementLabel } from './elementLabel';
import type { FrameSessions } from './frameSessions';
import { nodeInWorld } from '../target/isolatedWorld';
import type { ResolvedTarget } from './elementTarget';

/**
 * Checks, in the browser, what a click at the target's point would land on. The target or something
 * inside it: fine. Anything else (an overlay, a banner, a transparent sheet the page laid on top):
 * the action is refused, and what covers it is named as page content, so the agent never presses
 * something other than what it asked for.
 */
export async function checkNothingCovers(frames: FrameSessions, target: ResolvedTarget, pageOrigin: string, signal: AbortSignal): Promise<void> {
  const { element, client } = target;
  if (!element) {
    return; // a point: whatever is there is what was asked for
  }
  // Hit testing works in the coordinates of the element's own session (a cross-site frame has its own).
  const origin = await abortable(frames.sessionOrigin(element.frameId), signal);
  const hit = await abortable(nodeAtPoint(client, target.point.x - origin.x, target.point.y - origin.y), signal);
  if (!hit) {
    throw new AgentError('NOT_ACTIONABLE', `Nothing of the page is where ${target.description} would be clicked (it may be scrolled out of reach). Take a new snapshot_page.`);
  }
  if (hit.backendNodeId === element.backendNodeId) {
    return;
  }
  if (hit.frameId === element.frameId) {
    const hitObject = await abortable(nodeInWorld(client, element.world, hit.backendNodeId), signal);
    try {
      const { result } = await abortable(client.send('Runtime.callFunctionOn', { objectId: element.objectId, functionDeclaration: holds.toString(), arguments: [{ objectId: hitObject }], returnByValue: true }), signal);
      if (result.value === true) {
        return;
      }
    } finally {
      await releaseObject(client, hitObject);
    }
  }
  const cover = await abortable(elementLabel(client, hit.backendNodeId), signal);
  throw new AgentError('NOT_ACTIONABLE', `Something else is on top of ${target.description} where a click would land, so nothing was done. Close or move what covers it (named below), or pick another element from a new snapshot_page.`, {
    origin: pageOrigin,
    content: `${target.description} is ${target.label ?? 'an element'}, covered by ${cover}`,
  });
}
