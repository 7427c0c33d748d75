import type { CDPSession } from 'puppeteer-core';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Frames per second of a bare screencast, acked at once: the ceiling any viewer of the page has.
 * `window` is told when the counted seconds start and end, to measure something over the same span.
 */
export async function rawScreencastFps(
  client: CDPSession,
  size: { width: number; height: number },
  seconds: number,
  window?: { started(): void; ended(): void },
): Promise<number> {
  let frames = 0;
  const onFrame = (event: { sessionId: number }) => {
    frames++;
    void client.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(() => undefined);
  };
  client.on('Page.screencastFrame', onFrame);
  await client.send('Page.startScreencast', { format: 'jpeg', quality: 80, maxWidth: size.width, maxHeight: size.height });
  await sleep(1000);
  const start = frames;
  window?.started();
  await sleep(seconds * 1000);
  window?.ended();
  await client.send('Page.stopScreencast');
  client.off('Page.screencastFrame', onFrame);
  return (frames - start) / seconds;
}
