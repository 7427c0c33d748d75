import { answersCdp } from './browserHost/cdpProbe';
import { BrowserCanvasError } from './errors';
import { SessionEndpoint } from './types';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Reads an address the developer typed (`http://host:port`, `ws://host:port/devtools/browser/ID`, or a
 * bare `host:port`). Hosts off this machine are refused unless `allowRemote`: a CDP endpoint gives full
 * control of a browser, so reaching across the network is an explicit choice.
 */
export function parseAttachUrl(input: string, allowRemote: boolean): URL {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new BrowserCanvasError(
      'INVALID_ENDPOINT',
      `"${input}" is not a browser endpoint.`,
      'Use http://127.0.0.1:9222 (a browser started with --remote-debugging-port=9222) or a ws:// address.',
    );
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || !url.port && !url.pathname.startsWith('/devtools/')) {
    throw new BrowserCanvasError(
      'INVALID_ENDPOINT',
      `"${input}" is not a browser endpoint: it needs http(s):// or ws(s):// and a port.`,
      'Use http://127.0.0.1:9222 (a browser started with --remote-debugging-port=9222) or a ws:// address.',
    );
  }
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    throw new BrowserCanvasError(
      'REMOTE_ENDPOINT_REFUSED',
      `${url.host} is not on this machine, and remote browser endpoints are off.`,
      'Turn on the setting browserCanvas.allowRemoteEndpoints to attach to a browser service you trust.',
    );
  }
  return url;
}

/**
 * An endpoint as it may be shown: a launched session's WebSocket path is its secret, so the path
 * never appears (`ws://127.0.0.1:PORT/devtools/browser/…`).
 */
export function endpointForDisplay(wsEndpoint: string): string {
  const url = new URL(wsEndpoint);
  return `${url.protocol}//${url.host}${url.pathname.replace(/[^/]+$/, '…')}`;
}

/** Finds the websocket of an endpoint: ws:// addresses are used as given, http ones ask /json/version. */
export async function resolveEndpoint(url: URL, timeoutMs = 5000): Promise<SessionEndpoint> {
  if (url.protocol === 'ws:' || url.protocol === 'wss:') {
    return { wsEndpoint: url.href };
  }
  const httpUrl = `${url.protocol}//${url.host}`;
  const version = await fetchVersion(httpUrl, timeoutMs);
  return { wsEndpoint: version.webSocketDebuggerUrl, httpUrl };
}

interface VersionInfo {
  readonly Browser: string;
  readonly webSocketDebuggerUrl: string;
}

async function fetchVersion(httpUrl: string, timeoutMs: number): Promise<VersionInfo> {
  const unreachable = (cause?: unknown) =>
    new BrowserCanvasError(
      'ENDPOINT_UNREACHABLE',
      `No browser answered at ${httpUrl}.`,
      'Check that the browser runs with --remote-debugging-port and that the port is right.',
      { cause },
    );
  let response: Response;
  try {
    response = await fetch(`${httpUrl}/json/version`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unreachable(error);
  }
  const body = (await response.json().catch(() => undefined)) as Partial<VersionInfo> | undefined;
  if (!response.ok || typeof body?.webSocketDebuggerUrl !== 'string') {
    throw unreachable(new Error(`HTTP ${response.status} without webSocketDebuggerUrl`));
  }
  return body as VersionInfo;
}

/**
 * Confirms that the endpoint is the very browser we expect (same websocket path), not another
 * process that took the port since, and that it answers.
 */
export async function confirmEndpoint(endpoint: SessionEndpoint, timeoutMs = 2000): Promise<boolean> {
  if (!endpoint.httpUrl) {
    // A ws:// address alone: only an answer over the socket tells that a browser is there.
    return answersCdp(endpoint.wsEndpoint, timeoutMs);
  }
  try {
    const version = await fetchVersion(endpoint.httpUrl, timeoutMs);
    return new URL(version.webSocketDebuggerUrl).pathname === new URL(endpoint.wsEndpoint).pathname;
  } catch {
    return false;
  }
}
