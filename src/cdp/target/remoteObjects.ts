import type { CdpClient } from './cdpChannel';
import { unlessGone } from './targetClosedError';

/** Lets the page forget an object we held; one whose page or document has gone is forgotten already. */
export async function releaseObject(client: CdpClient, objectId: string | undefined): Promise<void> {
  if (objectId) {
    await unlessGone(client.send('Runtime.releaseObject', { objectId }));
  }
}
