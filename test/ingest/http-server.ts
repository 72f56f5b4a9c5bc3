// A local server for the http(s) ingest tests: the corpus folder under /corpus/ plus synthetic
// routes that misbehave on purpose. Listens on 127.0.0.1 only.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface TestServer {
  readonly base: string;
  /** Requests seen per path (without query), in arrival order, with their time and headers. */
  readonly requests: Map<string, { at: number; headers: IncomingMessage['headers'] }[]>;
  /** Highest number of /pool/ requests in flight at once. */
  readonly maxInFlight: () => number;
  readonly close: () => Promise<void>;
}

export const ETAG = '"page-v1"';
export const LAST_MODIFIED = 'Wed, 21 Oct 2015 07:28:00 GMT';

export function page(version: string, heading: string): string {
  return `<!doctype html><html><head><title>Istioldie ${version} / Synthetic</title><script>const branchName="release-${version}";</script></head>` +
    `<body><main aria-labelledby=title><h1 id=title>Synthetic</h1><h2 id=${heading}>${heading}</h2><p>Restart the pod.</p></main></body></html>`;
}

const STUB = '<!DOCTYPE html><html><head><title>Redirecting…</title><meta http-equiv="refresh" content="0; url=/v1.2/x/"></head></html>';

export async function startTestServer(corpus: string): Promise<TestServer> {
  const corpusDir = path.resolve(corpus);
  const requests = new Map<string, { at: number; headers: IncomingMessage['headers'] }[]>();
  let inFlight = 0;
  let maxInFlight = 0;

  const html = (res: ServerResponse, body: string, status = 200, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...extra });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen = requests.get(url.pathname) ?? [];
    seen.push({ at: Date.now(), headers: req.headers });
    requests.set(url.pathname, seen);
    const [, route = '', rest = ''] = /^\/([^/]+)\/?(.*)$/.exec(url.pathname) ?? [];
    const count = seen.length;

    switch (route) {
      case 'corpus': {
        const file = path.resolve(corpusDir, decodeURIComponent(rest));
        if (!file.startsWith(corpusDir + path.sep) || !existsSync(file)) return html(res, 'not found', 404);
        return html(res, readFileSync(file, 'utf8'));
      }
      case 'page':
        return html(res, page('1.9', rest || 'ok'));
      case 'flaky': // fails (500) until the third request
        return count < 3 ? html(res, 'oops', 500) : html(res, page('1.9', 'recovered'));
      case 'always-503':
        return html(res, 'down', 503);
      case 'rate-limited':
        return count < 2 ? html(res, 'slow down', 429, { 'retry-after': '1' }) : html(res, page('1.9', 'after-wait'));
      case 'missing':
        return html(res, 'nope', 404);
      case 'slow': // headers only after 400 ms
        setTimeout(() => html(res, page('1.9', 'slow')), 400).unref();
        return;
      case 'slow-body': // headers at once, the body stalls
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><html><head>');
        setTimeout(() => res.end('</head></html>'), 400).unref();
        return;
      case 'validators': {
        const match = req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED;
        if (match) {
          res.writeHead(304, { etag: ETAG, 'last-modified': LAST_MODIFIED });
          return void res.end();
        }
        return html(res, page('1.9', 'validated'), 200, { etag: ETAG, 'last-modified': LAST_MODIFIED });
      }
      case 'json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"h2":"no"}');
      case 'no-type':
        res.writeHead(200, {});
        return void res.end(page('1.9', 'untyped'));
      case 'huge-chunked': { // no Content-Length: the cap must stop the stream itself
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = 'x'.repeat(64 * 1024);
        for (let i = 0; i < 32; i += 1) res.write(chunk);
        return void res.end();
      }
      case 'huge-declared': {
        const body = 'y'.repeat(2 * 1024 * 1024);
        return html(res, body, 200, { 'content-length': String(Buffer.byteLength(body)) });
      }
      case 'stub':
        return html(res, STUB);
      case 'redirect':
        res.writeHead(302, { location: '/v1.7/docs/moved/index.html' });
        return void res.end();
      case 'v1.7': // only reachable through /redirect; no version in the page, only in the URL
        return html(res, '<html><head><title>Moved</title></head><body><h1>Moved</h1><h2 id=a>A</h2><p>x</p></body></html>');
      case 'pool': {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          html(res, page('1.9', `pool-${rest}`));
        }, 40).unref();
        return;
      }
      default:
        return html(res, 'unknown route', 404);
    }
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
