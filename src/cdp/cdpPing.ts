import { answersCdp } from './browserHost/cdpProbe';
import { endpointForDisplay } from './endpoint';
import { BrowserCanvasError } from './errors';

/** How long a browser endpoint may take to answer before we call it unreachable. */
export const ANSWER_TIMEOUT_MS = 5000;

/**
 * Throws unless a browser answers at this CDP websocket within `timeoutMs`. puppeteer's own connect
 * waits without bound on a socket that accepts but never answers (a frozen browser, a port that is
 * not CDP), so every attach and adoption asks here first.
 */
export async function pingCdp(wsEndpoint: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<void> {
  if (!(await answersCdp(wsEndpoint, timeoutMs))) {
    throw new BrowserCanvasError(
      'ENDPOINT_UNREACHABLE',
      `No browser answered at ${endpointForDisplay(wsEndpoint)} within ${timeoutMs / 1000} s.`,
      'A frozen browser, or a port that is not a browser\'s debugging port: check the address, or restart that browser.',
    );
  }
}
