import { BrowserCanvasError } from './errors';

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'file:', 'about:', 'data:']);

/**
 * Checks an address a person typed for a page to open. A bare host gets a scheme as a browser's address
 * bar gives one: http:// for this machine and IP addresses (`localhost:3000`, `127.0.0.1`, `[::1]`), else
 * https://. Anything that is not a web, file, about: or data: URL is refused with the reason.
 */
export function checkStartUrl(input: string): string {
  return startUrlCandidates(input)[0];
}

/**
 * The addresses to try, in order, for what a person typed: one, or for a bare host that is not local,
 * https:// and then http:// (for a site with no https, as the address bar falls back).
 */
export function startUrlCandidates(input: string): string[] {
  const text = input.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^/]+:\d+/.test(text);
  if (hasScheme) {
    return [parseStartUrl(input, text)];
  }
  const secure = parseStartUrl(input, `https://${text}`);
  const plain = parseStartUrl(input, `http://${text}`);
  return isLocalOrIpLiteral(new URL(plain).hostname) ? [plain] : [secure, plain];
}

function parseStartUrl(input: string, withScheme: string): string {
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

/** This machine (`localhost`, `*.localhost`) or an IP address, which the address bar opens over http. */
function isLocalOrIpLiteral(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** The origin of an address (scheme, host, port), or the address itself when it has none to give. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
