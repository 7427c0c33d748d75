import WebSocket from 'ws';
import { BrowserCanvasError } from './errors';

/** How long a browser endpoint may take to answer before we call it unreachable. */
export const ANSWER_TIMEOUT_MS = 5000;

/**
 * Asks the browser behind a CDP websocket for its version and waits for the answer. puppeteer's own
 * connect waits without bound for a socket that accepts but never answers (a frozen browser, a port
 * that is not CDP), so every attach and adoption asks here first.
 */
export async function pingCdp(wsEndpoint: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<void> {
  const socket = new WebSocket(wsEndpoint, { handshakeTimeout: timeoutMs, perMessageDeflate: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('the endpoint closed the connection')));
      socket.once('open', () => socket.send(JSON.stringify({ id: 1, method: 'Browser.getVersion' })));
      socket.on('message', (data) => answersVersion(String(data)) && resolve());
    });
  } catch (error) {
    throw new BrowserCanvasError(
      'ENDPOINT_UNREACHABLE',
      `No browser answered at ${wsEndpoint} (${(error as Error).message}).`,
      'A frozen browser, or a port that is not a browser\'s debugging port: check the address, or restart that browser.',
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    socket.removeAllListeners('message');
    socket.on('error', () => undefined); // a late failure of a socket we gave up on
    socket.terminate();
  }
}

function answersVersion(message: string): boolean {
  try {
    const reply = JSON.parse(message) as { id?: unknown; result?: { product?: unknown } };
    return reply.id === 1 && typeof reply.result?.product === 'string';
  } catch {
    return false; // not CDP
  }
}
