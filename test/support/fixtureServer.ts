import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export interface FixtureServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves fixed pages on loopback, for tests that need a real origin (storage, cookies, network events). */
export async function startFixtureServer(pages: Record<string, string>): Promise<FixtureServer> {
  const server = http.createServer((request, response) => {
    const body = pages[new URL(request.url ?? '/', 'http://fixture').pathname];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // browsers keep connections alive
        server.close(() => resolve());
      }),
  };
}

export const FORM_PAGE = `<!doctype html><title>Form</title><label>Name <input id="name"></label><script>console.log('form ready')</script>`;
