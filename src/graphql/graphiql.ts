// GraphiQL for internal tools, served from the npm packages so that it works offline (the Apollo
// landing page loads from a CDN). No inline script, so the default Content-Security-Policy holds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** Package subpaths may be hidden by "exports"; the package folder is always reachable. */
function assetPath(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

const INIT = `
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
const fetcher = GraphiQL.createFetcher({ url: new URL('../graphql', location.href).toString() });
root.render(React.createElement(GraphiQL, {
  fetcher,
  defaultEditorToolsVisibility: true,
  defaultQuery: '# istio-kb: search the Istio guidelines\\n{\\n  search(query: "503 after destination rule", first: 3) {\\n    edges { score node { title version url fixes } }\\n  }\\n}\\n',
}));
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>istio-kb GraphiQL</title>
<link rel="stylesheet" href="graphiql/graphiql.css">
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style></head>
<body><div id="graphiql">Loading…</div>
<script src="graphiql/react.js"></script><script src="graphiql/react-dom.js"></script>
<script src="graphiql/graphiql.js"></script><script src="graphiql/init.js"></script></body></html>`;

export async function registerGraphiQL(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, Buffer>();
  app.get('/graphiql', async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get('/graphiql/init.js', async (_req, reply) => reply.type('text/javascript').header('cache-control', 'public, max-age=3600').send(INIT));
  app.get<{ Params: { file: string } }>('/graphiql/:file', async (request, reply) => {
    const asset = ASSETS[request.params.file];
    if (!asset) return reply.callNotFound();
    const key = `${asset.pkg}/${asset.file}`;
    let body = cache.get(key);
    if (!body) {
      body = readFileSync(assetPath(asset.pkg, asset.file));
      cache.set(key, body);
    }
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(body);
  });
}
