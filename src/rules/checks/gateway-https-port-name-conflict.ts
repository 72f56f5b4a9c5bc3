// §8 "Configuring multiple TLS hosts in a gateway": Pilot merges all Gateways that select the same
// gateway workload, and named the route configuration of an HTTPS server `https.<port>.<port name>`.
// A second HTTPS server on the same port with the same name is skipped ("non unique port name for
// HTTPS port") and its hosts fail the TLS handshake (curl: SSL_SYSCALL_ERROR). Since the route name
// also carries the Gateway's name and namespace (FACTS.httpsRoutePerGateway), only servers of the
// same Gateway resource collide.
import { defineRule, type Path, type Resource } from '../types.ts';
import { asInt, asLabels, asString, dig, indexedRecords, refOf } from '../support/object.ts';
import { FACTS } from '../version-facts.ts';

interface HttpsServer {
  readonly gateway: Resource;
  readonly index: number;
  readonly name: string;
  readonly hosts: string;
  readonly path: Path;
}

function selectorKey(gateway: Resource): string {
  const labels = asLabels(dig(gateway.object, 'spec', 'selector'));
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** Servers Pilot terminates as HTTPS: protocol HTTPS with tls options other than PASSTHROUGH. */
function* httpsServers(gateway: Resource): Generator<HttpsServer & { port: number }> {
  for (const { item: server, index } of indexedRecords(dig(gateway.object, 'spec', 'servers'))) {
    const protocol = asString(dig(server, 'port', 'protocol'))?.toUpperCase();
    const tls = server['tls'];
    const mode = asString(dig(tls, 'mode'))?.toUpperCase();
    const port = asInt(dig(server, 'port', 'number'));
    const name = asString(dig(server, 'port', 'name'));
    if (protocol !== 'HTTPS' || !tls || mode === 'PASSTHROUGH' || port === undefined || name === undefined) continue;
    const hosts = server['hosts'];
    yield {
      gateway, index, name, port,
      hosts: Array.isArray(hosts) ? hosts.filter((h) => typeof h === 'string').join(', ') : '',
      path: ['spec', 'servers', index, 'port', 'name'],
    };
  }
}

export default defineRule({
  id: 'gateway-https-port-name-conflict',
  title: 'HTTPS gateway servers on one port share a port name',
  severity: 'ERROR',
  kinds: ['Gateway'],
  entryKey: 'configuring-multiple-tls-hosts-in-a-gateway',
  // The docs describe this failure up to 1.9; later Pilot names HTTPS routes per Gateway.
  versions: { from: '1.0', to: '1.9' },
  description:
    'Detects HTTPS servers (with TLS termination) on the same port number whose `port.name` is not unique: in Istio 1.0 within one Gateway or across Gateways with the same selector (Pilot merges those); from 1.1 only within one Gateway, because the route name then includes the Gateway name and namespace (istio/istio commit 48075e1e). Only the first server is used; the others are skipped with "non unique port name for HTTPS port" and their hosts fail the TLS handshake.',
  *check(ctx) {
    const perGateway = ctx.atLeast(FACTS.httpsRoutePerGateway.since);
    const first = new Map<string, HttpsServer>();
    for (const gateway of ctx.index.ofKind('Gateway')) {
      const selector = perGateway ? `${gateway.namespace}/${gateway.name}` : selectorKey(gateway);
      for (const server of httpsServers(gateway)) {
        const key = `${selector}|${server.port}|${server.name}`;
        const winner = first.get(key);
        if (!winner) {
          first.set(key, server);
          continue;
        }
        const same = winner.gateway.uid === gateway.uid;
        const scope = same ? `servers[${winner.index}] of the same Gateway` : `${refOf(winner.gateway)} servers[${winner.index}] (same selector)`;
        yield {
          resource: gateway,
          path: server.path,
          related: [{ resource: winner.gateway, path: winner.path }],
          message: `${refOf(gateway)} servers[${server.index}] (hosts ${server.hosts || '-'}) is an HTTPS server on port ${server.port} named "${server.name}", like ${scope} (hosts ${winner.hosts || '-'}); Pilot ignores it ("port https.${server.port}.HTTPS: non unique port name for HTTPS port") and clients of its hosts get SSL_SYSCALL_ERROR${same ? '; validation also rejects duplicate port names within one Gateway' : ''}`,
          fix: `Give each HTTPS server on port ${server.port} a unique port name, e.g. \`name: https-${(server.hosts.split(',')[0] ?? '').trim().replace(/^\*\./, '').split('.')[0] || server.index}\`.`,
        };
      }
    }
  },
});
