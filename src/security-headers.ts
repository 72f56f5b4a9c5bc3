// Security headers. HTML pages (GraphiQL, API docs) get helmet's full set, with a CSP that lets
// GraphiQL keep its inline styles; the ops portal's pages get the same set with a stricter CSP (no
// inline styles, connections to this origin only, no framing). No page asks the browser to
// `upgrade-insecure-requests`: the service is commonly reached over plain HTTP inside a cluster
// (http://istio-kb:4000/), where that directive turns every script and style request into an https
// request to a port that does not speak TLS, and the page into a blank one; behind a TLS-terminating
// ingress every URL is relative, so there is nothing to upgrade. JSON answers get the short set the OWASP REST Security Cheat
// Sheet recommends for APIs: browsers never render them, and setting a dozen document headers on
// every search answer cost a fifth of the API's throughput. Both sets are computed once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

const PORTAL_CSP: Record<string, string[] | null> = {
  'default-src': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'style-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'upgrade-insecure-requests': null,
};

export function htmlSecurityHeaders(options: { portal?: boolean } = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet({
    contentSecurityPolicy: {
      directives: options.portal
        ? PORTAL_CSP
        : { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
    },
    frameguard: { action: options.portal ? 'deny' : 'sameorigin' },
  })({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
};
