import type { Logger } from 'pino';
import type { BrowserSession } from './browserSession';
import { errorMessage } from './errors';
import { unlessClosed } from './target/targetClosedError';
import { targetIdOf } from './target/targetId';
import { setViewportSize } from './target/viewportSize';
import type { HibernatedPage } from './types';

/** How long a waking browser is given to bring back the windows of its last session before the missing ones are opened anew. */
const RESTORE_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A page just opened, once the connection knows it (bounded: it may close meanwhile). */
async function waitForTarget(connection: BrowserSession, targetId: string) {
  const deadline = performance.now() + RESTORE_WAIT_MS;
  while (!connection.pageTarget(targetId) && performance.now() < deadline) {
    await sleep(50);
  }
  return connection.pageTarget(targetId);
}

/**
 * Each page of the session as it is now, in the browser's order: its address, title and CSS viewport,
 * read through the browser and CDP (never the page's script, which may be frozen or lie).
 */
export async function readHibernatedPages(connection: BrowserSession): Promise<HibernatedPage[]> {
  const titles = new Map((await connection.pageInfos()).map((info) => [info.targetId, info.title]));
  return Promise.all(
    connection.pageTargets.map(async (target) => {
      // A page closing meanwhile keeps the browser's default size; any other failure stops the hibernation (logged by its caller).
      const model = await unlessClosed(connection.pageModel(target));
      const metrics = model && (await unlessClosed(model.channel.send('Page.getLayoutMetrics')));
      const targetId = targetIdOf(target);
      return {
        targetId,
        url: target.url(),
        title: titles.get(targetId) ?? '',
        width: metrics?.cssLayoutViewport.clientWidth ?? 1280,
        height: metrics?.cssLayoutViewport.clientHeight ?? 800,
      };
    }),
  );
}

/**
 * A hibernated session's browser, just started with `--restore-last-session`, brings its windows back
 * by itself (with their history and the session's cookies); this waits for them, opens any it did
 * not bring back at their kept addresses, and gives each page its kept size.
 */
export async function reopenHibernatedPages(connection: BrowserSession, pages: readonly HibernatedPage[], log: Logger): Promise<void> {
  const deadline = performance.now() + RESTORE_WAIT_MS;
  const restored = () => connection.pageTargets.filter((target) => pages.some((page) => page.url === target.url()));
  while (restored().length < pages.length && performance.now() < deadline) {
    await sleep(50);
  }
  const unclaimed = restored();
  const missing: HibernatedPage[] = [];
  const sized: Array<[HibernatedPage, string]> = [];
  for (const page of pages) {
    const index = unclaimed.findIndex((target) => target.url() === page.url);
    if (index === -1) {
      missing.push(page);
    } else {
      sized.push([page, targetIdOf(unclaimed.splice(index, 1)[0])]);
    }
  }
  if (missing.length) {
    const client = await connection.browser.target().createCDPSession();
    try {
      for (const page of missing) {
        const { targetId } = await client.send('Target.createTarget', { url: page.url, newWindow: true });
        sized.push([page, targetId]);
      }
    } finally {
      await client.detach().catch(() => undefined);
    }
    log.info({ event: 'pagesReopened', count: missing.length }, 'pages the browser did not restore were opened at their addresses');
  }
  await Promise.all(sized.map(([page, targetId]) => giveKeptSize(connection, targetId, page, log)));
}

/** A reopened page gets the viewport it had; one that fails keeps the browser's (its window restored it, or near). */
async function giveKeptSize(connection: BrowserSession, targetId: string, page: HibernatedPage, log: Logger): Promise<void> {
  try {
    const target = await waitForTarget(connection, targetId);
    const model = target && (await connection.pageModel(target));
    const metrics = await model?.channel.send('Page.getLayoutMetrics');
    if (model && metrics && (metrics.cssLayoutViewport.clientWidth !== page.width || metrics.cssLayoutViewport.clientHeight !== page.height)) {
      await setViewportSize(model.channel, page.width, page.height);
    }
  } catch (error) {
    log.warn({ event: 'pageResizeFailed', error: errorMessage(error) }, 'a reopened page kept the size the browser gave it');
  }
}
