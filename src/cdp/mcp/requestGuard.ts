import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface Refusal {
  readonly status: 401 | 403;
  readonly reason: string;
}

/**
 * Whether a request may reach the MCP server on loopback, decided before the SDK sees it. Any page
 * in any local browser can send requests to 127.0.0.1, and a rebound DNS name can make them look
 * same-origin: so the Host must be our own address, no Origin is accepted at all (MCP clients are not
 * web pages), and the bearer token from the 0600 endpoint file must match.
 */
export function refuseRequest(headers: IncomingHttpHeaders, port: number, token: string): Refusal | undefined {
  if (headers.host !== `127.0.0.1:${port}` && headers.host !== `localhost:${port}`) {
    return { status: 403, reason: 'This server answers only requests addressed to 127.0.0.1 or localhost.' };
  }
  if (headers.origin !== undefined) {
    return { status: 403, reason: 'Requests from web pages are refused.' };
  }
  const [scheme, given] = (headers.authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !given || !sameSecret(given, token)) {
    return { status: 401, reason: 'A bearer token is required: the one in the endpoint file of Browser Canvas.' };
  }
  return undefined;
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
