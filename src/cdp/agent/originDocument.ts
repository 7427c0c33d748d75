import type { Browser, CDPSession } from 'puppeteer-core';
import { reportUnlessClosed } from '../target/targetClosedError';

const LOAD_MS = 10_000;
const EMPTY_DOCUMENT = Buffer.from('<!doctype html>').toString('base64');

/**
 * Runs `work` on an empty document of `origin` in a hidden page of `browser` (not a tab, so the canvas
 * never shows it; gone with our CDP session if we are), for what Chromium only does through a frame
 * of an origin: writing its local storage. The document is answered by us (Fetch), so the site is
 * never asked for anything.
 */
export async function withOriginDocument<T>(browser: Browser, origin: string, work: (client: CDPSession) => Promise<T>): Promise<T> {
  const browserClient = await browser.target().createCDPSession();
  try {
    const { targetId } = await browserClient.send('Target.createTarget', { url: 'about:blank', hidden: true, background: true });
    const { sessionId } = await browserClient.send('Target.attachToTarget', { targetId, flatten: true });
    const client = browserClient.connection()!.session(sessionId)!;
    // The document not given: the load never comes, and the wait for it fails with this error, not a timeout.
    let notAnswered: (error: unknown) => void = () => undefined;
    client.on('Fetch.requestPaused', ({ requestId }) =>
      void client.send('Fetch.fulfillRequest', { requestId, responseCode: 200, responseHeaders: [{ name: 'content-type', value: 'text/html' }], body: EMPTY_DOCUMENT }).catch(reportUnlessClosed((error) => notAnswered(error))),
    );
    await client.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
    await client.send('Page.enable');
    let timer: NodeJS.Timeout | undefined;
    const loaded = new Promise<void>((resolve, reject) => {
      notAnswered = reject;
      client.once('Page.loadEventFired', () => resolve());
      timer = setTimeout(() => reject(new Error(`an empty page of ${origin} did not load within ${LOAD_MS} ms`)), LOAD_MS);
    });
    await client.send('Page.navigate', { url: `${origin}/` });
    await loaded.finally(() => clearTimeout(timer));
    try {
      return await work(client);
    } finally {
      await browserClient.send('Target.closeTarget', { targetId }).catch(() => undefined);
    }
  } finally {
    await browserClient.detach().catch(() => undefined);
  }
}
