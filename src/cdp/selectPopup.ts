import type { SelectOption, SelectShape } from '../contract/shapes';
import { chooseIndex, describeSelect } from './pageSide/selectElement';
import type { CdpClient } from './target/cdpChannel';
import { isolatedWorld, nodeInWorld } from './target/isolatedWorld';
import { nodeAtPoint } from './target/nodeAtPoint';
import { releaseObject } from './target/remoteObjects';

/** A drop-down as the canvas lists it (SelectShape), with each option's value and the node to choose on. */
export interface SelectPopup extends Omit<SelectShape, 'options'> {
  readonly options: readonly (SelectOption & { readonly value: string })[];
  /** The remote node to choose on. */
  readonly objectId: string;
}

/**
 * A screencast never shows a <select>'s popup (the browser draws it outside the page), so a press on a
 * drop-down is answered by the canvas's own list instead: this finds the drop-down at a point.
 */
export async function findSelectAt(client: CdpClient, x: number, y: number): Promise<SelectPopup | undefined> {
  const hit = await nodeAtPoint(client, x, y);
  if (!hit) {
    return undefined;
  }
  // Read in our isolated world: the page cannot make the list show other options than it has.
  const objectId = await nodeInWorld(client, await isolatedWorld(client, hit.frameId), hit.backendNodeId);
  return describeSelectNode(client, objectId);
}

/** The drop-down `objectId` is (or is inside), focused and described; undefined (and released) if none. */
export async function describeSelectNode(client: CdpClient, objectId: string): Promise<SelectPopup | undefined> {
  const object = { objectId };
  const { result } = await client.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: describeSelect.toString(), returnByValue: true });
  const described = result.value as Omit<SelectPopup, 'objectId'> | null;
  if (!described) {
    await releaseObject(client, object.objectId);
    return undefined;
  }
  return { ...described, objectId: object.objectId };
}

/** Chooses option `index` of the popup's select; -1 closes it unchanged. Releases the node either way. */
export async function chooseSelectOption(client: CdpClient, popup: SelectPopup, index: number): Promise<boolean> {
  try {
    if (index < 0) {
      return false;
    }
    const { result } = await client.send('Runtime.callFunctionOn', {
      objectId: popup.objectId,
      functionDeclaration: chooseIndex.toString(),
      arguments: [{ value: index }],
      returnByValue: true,
    });
    return result.value === true;
  } finally {
    await releaseObject(client, popup.objectId);
  }
}
