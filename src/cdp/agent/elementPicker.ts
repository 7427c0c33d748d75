import { abortable } from '../action/abort';
import { selectorsFor, type Selector } from '../recorder/selectorGenerator';
import type { CdpClient } from '../target/cdpChannel';
import { isolatedWorld, nodeInWorld } from '../target/isolatedWorld';
import { nodeAtPoint } from '../target/nodeAtPoint';
import { releaseObject } from '../target/remoteObjects';
import { ignoreClosed } from '../target/targetClosedError';
import { elementCrop } from './elementCrop';
import { elementLabel } from './elementLabel';

/** An element the developer pointed at: how it reads (role and name) and how a replay or an agent finds it. */
export interface PickedElement {
  /** `button "Pay now"`: page text. */
  readonly label: string;
  /** Best first, each unique on the page when picked. */
  readonly selectors: readonly Selector[];
  /** A small JPEG of it as it looked when picked (elementCrop.ts), kept in memory with the note only. */
  readonly picture?: Buffer;
}

/** DevTools' picker colours: the content box, padding and margin as the Elements panel shows them. */
const HIGHLIGHT = {
  showInfo: true,
  showAccessibilityInfo: true,
  contentColor: { r: 111, g: 168, b: 220, a: 0.66 },
  paddingColor: { r: 147, g: 196, b: 125, a: 0.55 },
  marginColor: { r: 246, g: 178, b: 107, a: 0.66 },
};

/**
 * Chromium's own element picker, as DevTools' inspect mode: the page highlights what is under the
 * pointer (drawn in the page, so the tile shows it) and swallows the click that picks, so the page
 * never acts on it. Resolves with the element clicked, or undefined when `signal` ends the pick;
 * `ready` is called once the picker is on.
 */
export async function pickElement(client: CdpClient, signal: AbortSignal, ready?: () => void): Promise<PickedElement | undefined> {
  let picked: (backendNodeId: number) => void = () => undefined;
  const requested = new Promise<number>((resolve) => (picked = resolve));
  const onPick = ({ backendNodeId }: { backendNodeId: number }) => picked(backendNodeId);
  client.on('Overlay.inspectNodeRequested', onPick);
  try {
    await client.send('DOM.enable');
    await client.send('Overlay.enable');
    await client.send('Overlay.setInspectMode', { mode: 'searchForNode', highlightConfig: HIGHLIGHT });
    ready?.();
    const backendNodeId = await abortable(requested, signal).catch(() => undefined);
    if (backendNodeId === undefined) {
      return undefined;
    }
    // Inspecting ends with the pick: the page gets the pointer back while the element is described.
    await client.send('Overlay.setInspectMode', { mode: 'none', highlightConfig: HIGHLIGHT });
    return await describePicked(client, backendNodeId);
  } finally {
    client.off('Overlay.inspectNodeRequested', onPick);
    // The page may be gone; otherwise the picker (which ends with the overlay) and our DOM agent end with the pick.
    await client.send('Overlay.disable').catch(ignoreClosed);
    await client.send('DOM.disable').catch(ignoreClosed);
  }
}

async function describePicked(client: CdpClient, backendNodeId: number): Promise<PickedElement> {
  const label = await elementLabel(client, backendNodeId);
  const objectId = await inOurWorld(client, backendNodeId);
  try {
    return { label, selectors: await selectorsFor(client, objectId), picture: await elementCrop(client, backendNodeId) };
  } finally {
    await releaseObject(client, objectId);
  }
}

/**
 * The node in our isolated world of its frame, where the page's script cannot make the selectors'
 * uniqueness checks lie. Its frame is found by hit testing the middle of its box (the picker chose it
 * by hit testing too); a node that is not on top there is read in its document's own world.
 */
async function inOurWorld(client: CdpClient, backendNodeId: number): Promise<string> {
  const { model } = await client.send('DOM.getBoxModel', { backendNodeId });
  const [x1, y1, , , x3, y3] = model.border;
  const hit = await nodeAtPoint(client, (x1 + x3) / 2, (y1 + y3) / 2);
  if (hit?.backendNodeId === backendNodeId) {
    return nodeInWorld(client, await isolatedWorld(client, hit.frameId), backendNodeId);
  }
  const { object } = await client.send('DOM.resolveNode', { backendNodeId });
  return object.objectId!;
}
