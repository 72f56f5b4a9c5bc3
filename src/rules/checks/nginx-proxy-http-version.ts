// §6 "Envoy won't connect to my HTTP/1.0 service": nginx proxies with HTTP/1.0 unless
// `proxy_http_version 1.1;` is in effect, and Envoy requires HTTP/1.1 or HTTP/2. The nginx config
// is found in ConfigMap data (the usual way to ship it on Kubernetes).
import { defineRule } from '../types.ts';
import { asRecord, refOf } from '../support/object.ts';
import { httpLevelVersion, isHttp11OrLater, parseNginx, proxyPassUses, type NginxDirective } from '../support/nginx.ts';

export default defineRule({
  id: 'nginx-proxy-http-version',
  title: 'nginx proxy_pass without proxy_http_version 1.1',
  severity: 'WARNING',
  kinds: ['ConfigMap'],
  entryKey: 'envoy-wont-connect-to-my-http-1-0-service',
  versions: { from: '1.0' },
  description:
    'Detects nginx configurations in ConfigMap data where a `proxy_pass` is used without `proxy_http_version 1.1` (or 2) in effect for its location, taking nginx inheritance from the enclosing server and http blocks into account. nginx defaults to HTTP/1.0 toward upstreams, which the Envoy sidecar does not accept, so the proxied requests fail.',
  *check(ctx) {
    for (const configMap of ctx.index.ofKind('ConfigMap')) {
      const data = asRecord(configMap.object['data']);
      if (!data) continue;
      const parsed: [string, NginxDirective[]][] = [];
      for (const [key, value] of Object.entries(data)) {
        if (typeof value === 'string' && /proxy_pass|proxy_http_version/.test(value)) parsed.push([key, parseNginx(value)]);
      }
      if (parsed.length === 0) continue;
      // A main nginx.conf in the same ConfigMap usually includes the other keys inside its http block.
      let inherited: string | undefined;
      for (const [, tree] of parsed) inherited ??= httpLevelVersion(tree);
      for (const [key, tree] of parsed) {
        const isMain = tree.some((d) => d.name === 'http' && d.children);
        for (const use of proxyPassUses(tree, isMain ? undefined : inherited)) {
          if (isHttp11OrLater(use.httpVersion)) continue;
          const where = use.context.length > 0 ? use.context.join(' > ') : 'the top level';
          const target = use.directive.args[0] ?? '';
          const version = use.httpVersion ? `proxy_http_version ${use.httpVersion}` : 'no proxy_http_version (nginx defaults to HTTP/1.0)';
          yield {
            resource: configMap,
            path: ['data', key],
            lineOffset: use.directive.line,
            message: `${refOf(configMap)} data "${key}": proxy_pass ${target} in ${where} (line ${use.directive.line + 1} of the config) uses ${version}; the Envoy sidecar requires HTTP/1.1 or HTTP/2, so the proxied requests fail`,
            fix: `Add \`proxy_http_version 1.1;\` (and \`proxy_set_header Connection "";\` for keepalive) to ${use.context.length > 0 ? `the \`${use.context[use.context.length - 1]}\` block` : 'the block'} or to the enclosing server/http block.`,
          };
        }
      }
    }
  },
});
