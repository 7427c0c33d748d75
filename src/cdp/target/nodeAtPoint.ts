import type { CdpClient } from './cdpChannel';

/**
 * The node a click at a viewport point (CSS px) would land on, by the browser's own hit testing;
 * undefined where there is none. DOM.getNodeForLocation takes document coordinates, so the scroll is
 * added first.
 */
export async function nodeAtPoint(client: CdpClient, x: number, y: number): Promise<{ backendNodeId: number; frameId: string } | undefined> {
  const { cssLayoutViewport: scrolled } = await client.send('Page.getLayoutMetrics');
  const location = { x: Math.round(x + scrolled.pageX), y: Math.round(y + scrolled.pageY), includeUserAgentShadowDOM: false, ignorePointerEventsNone: true };
  try {
    const { backendNodeId, frameId } = await client.send('DOM.getNodeForLocation', location);
    return frameId === undefined ? undefined : { backendNodeId, frameId };
  } catch (error) {
    if (error instanceof Error && /No node found at given location/.test(error.message)) {
      return undefined;
    }
    throw error;
  }
}
