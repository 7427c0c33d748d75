import { firstMatch } from '../pageSide/documentQueries';
import type { CdpClient } from './cdpChannel';

/** Our world in each frame: the page's script shares its DOM but not its globals or prototypes. */
const WORLD_NAME = 'browser-canvas';

/**
 * The execution context of our isolated world in `frameId`, made on first use (Chromium hands back the
 * same one for the same name until the frame navigates). What runs there sees the real
 * `getBoundingClientRect`, `querySelector` and `innerText`, whatever the page's own script replaced.
 */
export async function isolatedWorld(client: CdpClient, frameId: string): Promise<number> {
  const { executionContextId } = await client.send('Page.createIsolatedWorld', { frameId, worldName: WORLD_NAME, grantUniveralAccess: false });
  return executionContextId;
}

/** The node as an object in our world of its frame (released by the caller). */
export async function nodeInWorld(client: CdpClient, world: number, backendNodeId: number): Promise<string> {
  const { object } = await client.send('DOM.resolveNode', { backendNodeId, executionContextId: world });
  return object.objectId!;
}

/** The first element matching `selector` in our world of the frame, or undefined; throws on a bad selector. */
export async function querySelectorInWorld(client: CdpClient, world: number, selector: string): Promise<string | undefined> {
  const { result: document } = await client.send('Runtime.evaluate', { expression: 'document', contextId: world });
  // The selector travels as an argument, never spliced into code.
  const { result, exceptionDetails } = await client.send('Runtime.callFunctionOn', {
    objectId: document.objectId,
    functionDeclaration: firstMatch.toString(),
    arguments: [{ value: selector }],
  });
  if (exceptionDetails) {
    throw new SyntaxError(selector);
  }
  return result.objectId;
}
