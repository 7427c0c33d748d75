import type { Logger } from 'pino';
import type { BrowserSession } from './browserSession';
import { errorMessage } from './errors';

const MAX_LABEL = 80;

/**
 * A short name for a session from its start page: the host, or the file name of a local page; an
 * address with neither (about:blank, data:) is its own name, not the last piece of its path ("blank").
 */
export function labelFor(url: string): string {
  const parsed = new URL(url);
  const fileName = parsed.protocol === 'file:' ? decodeURIComponent(parsed.pathname.split('/').pop() ?? '') : '';
  const label = parsed.host || fileName || url;
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

/** A page that fails to load is still a session: the browser shows its error page and the log says why. */
export async function openStartPage(connection: BrowserSession, url: string, log: Logger): Promise<void> {
  const [page] = await connection.pages();
  const start = performance.now();
  const durationMs = () => Math.round(performance.now() - start);
  try {
    await (page ?? (await connection.browser.newPage())).goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    log.info({ event: 'goto', actor: 'developer', url: new URL(url).origin, durationMs: durationMs() }, 'opened start page');
  } catch (error) {
    log.warn({ event: 'goto', actor: 'developer', url: new URL(url).origin, error: errorMessage(error), durationMs: durationMs() }, 'start page failed to load');
  }
}
