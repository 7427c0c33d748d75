import type { Protocol } from 'devtools-protocol';
import type { CdpClient } from '../target/cdpChannel';
import { abortable } from '../action/abort';
import type { NetworkEntry } from './networkLog';
import { isCredentialHeader } from '../network/credentials';

// How requests read in a result: one line each in a list; one request's headers (credentials
// redacted) and a bounded text body.


export const MAX_BODY_CHARS = 10_000;

/** Bodies worth reading as text; anything else is described. */
const TEXT_TYPE = /^text\/|^application\/(json|javascript|ecmascript|xml|x-www-form-urlencoded)\b|[+/](json|xml)\b|^image\/svg\+xml/;

export function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

function outcome(entry: NetworkEntry): string {
  if (entry.failed) {
    return `failed (${entry.failed})`;
  }
  if (entry.status === undefined) {
    return 'pending';
  }
  return `${entry.status}${entry.size !== undefined ? `, ${sizeText(entry.size)}` : ''}`;
}

/** "#3 GET http://…/api/cart: 200, 1.2 kB, Fetch" */
export function requestLine(entry: NetworkEntry): string {
  return `#${entry.seq} ${entry.method} ${entry.url}: ${outcome(entry)}, ${entry.resourceType}${entry.frame ? `, by the cross-site frame ${entry.frame.url}` : ''}`;
}

/** Credentials (a logged-in session handed to the agent must not hand over its tokens too) by name and length only. */
export function headerLines(headers: Protocol.Network.Headers | undefined): string {
  const entries = Object.entries(headers ?? {});
  if (!entries.length) {
    return '  (none reported)';
  }
  return entries.map(([name, value]) => `  ${name}: ${isCredentialHeader(name) ? `(redacted: ${value.length} characters)` : value}`).join('\n');
}

/** The response body as text, capped; a binary one described; or why there is none. */
export async function bodyText(client: CdpClient, entry: NetworkEntry, signal: AbortSignal): Promise<string> {
  if (entry.redirected) {
    return '(a redirect: the next request has the body)';
  }
  if (entry.failed) {
    return '(none: the request failed)';
  }
  if (entry.size === undefined) {
    return '(not yet: the response is still loading)';
  }
  const body = await abortable(client.send('Network.getResponseBody', { requestId: entry.requestId }), signal).catch(() => undefined);
  if (!body) {
    return '(no longer kept by the browser)';
  }
  const bytes = body.base64Encoded ? Buffer.from(body.body, 'base64') : undefined;
  if (bytes && !TEXT_TYPE.test(entry.mimeType ?? '')) {
    return `(binary, ${entry.mimeType || 'no type'}, ${sizeText(bytes.length)}: not shown)`;
  }
  const text = bytes ? bytes.toString('utf8') : body.body;
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}… (cut at ${MAX_BODY_CHARS} of ${text.length} characters)` : text;
}
