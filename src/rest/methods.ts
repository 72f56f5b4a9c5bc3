// 405 Method Not Allowed for a known path asked with the wrong method (`GET /api/v1/diagnose`),
// with the Allow header (RFC 9110 §15.5.6): a 404 there would tell the caller the path is wrong.
// Fastify's router answers "no route" for both cases, so the registered routes are kept here.
import type { FastifyInstance } from 'fastify';

interface Known {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

function toPattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

export class RouteMethods {
  private readonly known = new Map<string, Known>();

  /** Must run before any route is registered: Fastify tells onRoute hooks only about later routes. */
  track(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      // A catch-all (static files at `/`) answers GET for any path; it says nothing about which
      // methods a given path supports, and would turn every 404 into a 405.
      if (route.url === '*' || route.url === '/*') return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      let entry = this.known.get(route.url);
      if (!entry) {
        entry = { pattern: toPattern(route.url), methods: new Set() };
        this.known.set(route.url, entry);
      }
      for (const m of methods) entry.methods.add(String(m).toUpperCase());
    });
  }

  /** The methods a path answers to, sorted; empty when no route has this path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const { pattern, methods: ms } of this.known.values()) if (pattern.test(path)) for (const m of ms) methods.add(m);
    return [...methods].sort();
  }
}
