import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export interface FixtureServer {
  readonly url: string;
  /** Every request so far, as host + path ("localhost:4711/secret"): what a browser really fetched. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** A page is HTML; anything else says its content type (and any headers of its own); `redirect` answers 302 (`{port}` is the server's). */
export type FixtureResource = string | { readonly type: string; readonly body: Buffer; readonly headers?: Record<string, string> } | { readonly redirect: string };

/** Serves fixed pages on loopback, for tests that need a real origin (storage, cookies, network events). */
export async function startFixtureServer(pages: Record<string, FixtureResource>): Promise<FixtureServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    requests.push(`${request.headers.host ?? ''}${path}`);
    const resource = pages[path];
    if (resource === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } else if (typeof resource === 'string') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(resource);
    } else if ('redirect' in resource) {
      response.writeHead(302, { location: resource.redirect.replace('{port}', String(port)) }).end();
    } else {
      response.writeHead(200, { ...resource.headers, 'content-type': resource.type }).end(resource.body);
    }
  });
  let port = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // browsers keep connections alive
        server.close(() => resolve());
      }),
  };
}

export const FORM_PAGE = `<!doctype html><title>Form</title><label>Name <input id="name"></label><script>console.log('form ready')</script>`;

/** A 1x1 PNG, as a site's icon. */
export const ICON_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A page whose background changes every animation frame, as a video or a spinner would. */
export const ANIMATED_PAGE = `<!doctype html><title>Animated</title><style>html,body{margin:0;height:100%}</style>
<script>let n = 0; (function paint() { document.body && (document.body.style.background = \`hsl(\${n++ % 360} 80% 40%)\`); requestAnimationFrame(paint); })();</script>`;
