import { BrowserCanvasError } from './errors';

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'file:', 'about:', 'data:']);

/**
 * Checks an address a person typed for a page to open. A bare host gets https:// (as a browser's
 * address bar would); anything that is not a web, file, about: or data: URL is refused with the reason.
 */
export function checkStartUrl(input: string): string {
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^/]+:\d+/.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new BrowserCanvasError('INVALID_URL', `"${input}" is not a valid address.`, 'Type a URL such as https://example.com.');
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    throw new BrowserCanvasError('INVALID_URL', `"${input}" uses ${url.protocol}, which a session does not open.`, 'Use an http(s), file, about: or data: URL.');
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname) {
    throw new BrowserCanvasError('INVALID_URL', `"${input}" has no host.`, 'Type a URL such as https://example.com.');
  }
  return url.href;
}

/** The origin of an address (scheme, host, port), or the address itself when it has none to give. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
