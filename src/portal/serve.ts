// The ops portal at `/`: the single-page app that `npm run build:portal` writes to build/portal.
// Page URLs (/, /search, /entries/..., /diagnose, /rules, /versions) all answer index.html with
// `no-cache` (revalidated by ETag, so a new build shows at once); assets have content-hashed names
// and are cached for a year, sent precompressed when the client accepts it. A missing build is a
// clear 503 page naming the command that makes it, never a crash, and is picked up without a
// restart once built.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packagePath } from '../support/package-root.ts';

/** The portal's client-side routes; each answers index.html. */
export const PORTAL_PAGES = ['/', '/search', '/diagnose', '/rules', '/versions', '/entries/:slug', '/entries/:slug/compare'] as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the portal's page routes: they get the portal's Content-Security-Policy. */
    portal?: boolean;
  }
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Asset {
  readonly type: string;
  readonly raw: Buffer;
  readonly br: Buffer | null;
  readonly gz: Buffer | null;
}

interface Build {
  readonly indexMtimeMs: number;
  readonly index: string;
  readonly etag: string;
  readonly assets: ReadonlyMap<string, Asset>;
}

/** Where `npm run build:portal` writes, for the sources (src/portal) and the build (dist/src/portal) alike. */
export const DEFAULT_PORTAL_DIR = packagePath('build', 'portal');

export interface PortalOptions {
  /** Where the build lives (tests point elsewhere). */
  readonly dir?: string;
  /** Whether /graphiql is served; the portal links to it only then. */
  readonly graphiql: boolean;
}

function readOptional(file: string): Buffer | null {
  return existsSync(file) ? readFileSync(file) : null;
}

/** Loads a complete build, or null when there is none (or it is being swapped right now). */
function loadBuild(dir: string, graphiql: boolean): Build | null {
  const indexFile = path.join(dir, 'index.html');
  try {
    const indexMtimeMs = statSync(indexFile).mtimeMs;
    let index = readFileSync(indexFile, 'utf8');
    if (!graphiql) index = index.replace(/<meta name="istio-kb:graphiql"[^>]*>/, '');
    const assets = new Map<string, Asset>();
    const assetDir = path.join(dir, 'assets');
    for (const name of readdirSync(assetDir)) {
      if (name.endsWith('.br') || name.endsWith('.gz')) continue;
      const type = TYPES[path.extname(name)];
      if (!type) continue;
      const full = path.join(assetDir, name);
      assets.set(name, { type, raw: readFileSync(full), br: readOptional(`${full}.br`), gz: readOptional(`${full}.gz`) });
    }
    const etag = `"${createHash('sha256').update(index).digest('base64url').slice(0, 27)}"`;
    return { indexMtimeMs, index, etag, assets };
  } catch {
    return null;
  }
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>istio-kb: portal not built</title></head>
<body><main><h1>The ops portal is not built</h1>
<p>This server has no portal assets. Build them with <code>npm run build:portal</code> (it also runs on
<code>npm install</code>); the server picks them up without a restart.</p>
<p>The API works meanwhile: <a href="/api/v1/docs">REST API docs</a>, <code>POST /graphql</code>.</p>
</main></body></html>`;

function ifNoneMatch(request: FastifyRequest, etag: string): boolean {
  const given = request.headers['if-none-match'];
  return typeof given === 'string' && given.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function encoded(request: FastifyRequest, asset: Asset): { body: Buffer; encoding: string | null } {
  const accept = String(request.headers['accept-encoding'] ?? '');
  if (asset.br && /\bbr\b/.test(accept)) return { body: asset.br, encoding: 'br' };
  if (asset.gz && /\bgzip\b/.test(accept)) return { body: asset.gz, encoding: 'gzip' };
  return { body: asset.raw, encoding: null };
}

export async function registerPortal(app: FastifyInstance, options: PortalOptions): Promise<void> {
  const dir = options.dir ?? DEFAULT_PORTAL_DIR;
  let build = loadBuild(dir, options.graphiql);
  if (!build) app.log.warn(`ops portal not built (${dir} is missing): / answers 503 until \`npm run build:portal\` has run`);

  /** A rebuild (or a first build) while the server runs is picked up at the next page load. */
  const current = (): Build | null => {
    let mtime: number | null = null;
    try {
      mtime = statSync(path.join(dir, 'index.html')).mtimeMs;
    } catch {
      mtime = null;
    }
    if (mtime === null) return build;
    if (!build || build.indexMtimeMs !== mtime) build = loadBuild(dir, options.graphiql) ?? build;
    return build;
  };

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const b = current();
    reply.type('text/html; charset=utf-8');
    if (!b) return reply.code(503).header('cache-control', 'no-store').send(NOT_BUILT);
    reply.header('cache-control', 'no-cache').header('etag', b.etag);
    if (ifNoneMatch(request, b.etag)) return reply.code(304).send();
    return reply.send(b.index);
  };
  // `config.portal` selects the portal's stricter Content-Security-Policy in the server's onSend hook.
  for (const url of PORTAL_PAGES) app.get(url, { config: { portal: true } }, page);

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    let asset = build?.assets.get(request.params.file);
    if (!asset) asset = current()?.assets.get(request.params.file);
    if (!asset) return reply.callNotFound();
    const { body, encoding } = encoded(request, asset);
    reply.type(asset.type).header('cache-control', IMMUTABLE).header('vary', 'accept-encoding');
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(body);
  });
}
