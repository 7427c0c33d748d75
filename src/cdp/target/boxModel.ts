import type { Protocol } from 'devtools-protocol';
import type { CdpClient } from './cdpChannel';
import { unlessGone } from './targetClosedError';

// Chromium's answer for a node that is not laid out now (display: none, not rendered, detached).
const NO_BOX_MESSAGE = /Could not compute box model/;

/** The node's box model; `undefined` when it has none now, or it or its document went. Any other failure throws. */
export async function boxModelOf(client: CdpClient, backendNodeId: number): Promise<Protocol.DOM.BoxModel | undefined> {
  try {
    return (await unlessGone(client.send('DOM.getBoxModel', { backendNodeId })))?.model;
  } catch (error) {
    if (error instanceof Error && NO_BOX_MESSAGE.test(error.message)) {
      return undefined;
    }
    throw error;
  }
}
