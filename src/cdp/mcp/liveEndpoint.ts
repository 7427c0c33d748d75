import { isPidAlive } from '../processes';
import { McpEndpoint, readEndpoint } from './endpointFile';

/**
 * The endpoint of an editor window serving MCP now, if any: the file names a live process and the
 * server there answers our token (a stale file, a reused pid or another program on the port do not).
 */
export async function findLiveEndpoint(storageDir: string): Promise<McpEndpoint | undefined> {
  const endpoint = readEndpoint(storageDir);
  if (!endpoint || !isPidAlive(endpoint.pid)) {
    return undefined;
  }
  try {
    const response = await fetch(`http://127.0.0.1:${endpoint.port}/health`, { headers: { Authorization: `Bearer ${endpoint.token}` }, signal: AbortSignal.timeout(2000) });
    return response.status === 204 ? endpoint : undefined;
  } catch {
    return undefined;
  }
}
