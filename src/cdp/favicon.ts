import { findIconUrl } from './pageSide/favicon';
import type { CdpClient } from './target/cdpChannel';

export interface Favicon {
  readonly url: string;
  /** The icon's bytes as served (PNG, ICO, GIF, JPEG, SVG...). */
  readonly data: Buffer;
}

/** A bigger icon is not worth carrying to the canvas. */
const MAX_FAVICON_BYTES = 256 * 1024;
const READ_CHUNK = 64 * 1024;

/** The address of the icon the page at hand shows, or '' for pages that have none (about:, data:). */
export async function faviconUrl(client: CdpClient): Promise<string> {
  const { result } = await client.send('Runtime.evaluate', { expression: `(${findIconUrl.toString()})()`, returnByValue: true });
  return typeof result.value === 'string' ? result.value : '';
}

/**
 * Fetches the icon through the page's own network stack (its cookies, proxy and certificates), as the
 * browser's tab strip would. Undefined when there is none, it fails, or it is too big.
 */
export async function loadFavicon(client: CdpClient, url: string): Promise<Favicon | undefined> {
  if (url.startsWith('data:')) {
    const match = /^data:[^,]*?(;base64)?,(.*)$/s.exec(url);
    const data = match && Buffer.from(match[1] ? match[2] : decodeURIComponent(match[2]), match[1] ? 'base64' : 'utf8');
    return data && data.length <= MAX_FAVICON_BYTES ? { url, data } : undefined;
  }
  const { frameTree } = await client.send('Page.getFrameTree');
  const { resource } = await client.send('Network.loadNetworkResource', {
    frameId: frameTree.frame.id,
    url,
    options: { disableCache: false, includeCredentials: true },
  });
  if (!resource.success || !resource.stream || (resource.httpStatusCode ?? 0) >= 400) {
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const { data, base64Encoded, eof } = await client.send('IO.read', { handle: resource.stream, size: READ_CHUNK });
      const chunk = Buffer.from(data, base64Encoded ? 'base64' : 'utf8');
      size += chunk.length;
      if (size > MAX_FAVICON_BYTES) {
        return undefined;
      }
      chunks.push(chunk);
      if (eof) {
        return size > 0 ? { url, data: Buffer.concat(chunks) } : undefined;
      }
    }
  } finally {
    await client.send('IO.close', { handle: resource.stream }).catch(() => undefined);
  }
}
