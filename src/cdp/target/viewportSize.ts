import type { CdpClient } from './cdpChannel';

/**
 * Gives the page a CSS viewport of `width` x `height` by sizing its window, which outlives our
 * connection (an emulated viewport would vanish with it) and is what the canvas tile follows. The
 * window's own frame is added on top.
 */
export async function setViewportSize(client: CdpClient, width: number, height: number): Promise<void> {
  const { windowId } = await client.send('Browser.getWindowForTarget');
  const frame = await client.send('Runtime.evaluate', { expression: '[outerWidth - innerWidth, outerHeight - innerHeight]', returnByValue: true });
  const [extraWidth, extraHeight] = (frame.result.value as [number, number] | undefined) ?? [0, 0];
  await client.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
  await client.send('Browser.setWindowBounds', { windowId, bounds: { width: width + extraWidth, height: height + extraHeight } });
}
