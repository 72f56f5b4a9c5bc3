// §5 "Route rules have no effect on my application": Service ports must be named
// `<protocol>[-<suffix>]`, else Istio treats the traffic as plain TCP and L7 routing rules never
// apply. From 1.3 sniffing makes names advisory, so the severity drops to INFO (as istioctl IST0118).
import { defineRule } from '../types.ts';
import { asString, dig, indexedRecords, refOf } from '../support/object.ts';
import { knownProtocols, protocolOfAppProtocol, protocolOfName } from '../support/protocols.ts';
import { SYSTEM_NAMESPACES } from '../support/sidecar.ts';
import { FACTS } from '../version-facts.ts';

export default defineRule({
  id: 'service-port-name',
  title: 'Service port not named <protocol>[-<suffix>]',
  severity: 'WARNING',
  kinds: ['Service'],
  entryKey: 'route-rules-have-no-effect-on-my-application',
  versions: { from: '1.0' },
  description:
    'Detects Service ports that are unnamed or whose name does not start with a protocol Istio recognises (http, http2, grpc, mongo, redis, and from 1.1 https, tcp, tls, udp, mysql). Before 1.3 such traffic is plain TCP, so HTTP routing rules have no effect; from 1.3 Istio sniffs the protocol and the name is advisory. UDP ports, ExternalName services and system namespaces are skipped.',
  *check(ctx) {
    const severity = ctx.atLeast(FACTS.protocolSniffing.since) ? 'INFO' : 'WARNING';
    const consequence = ctx.atLeast(FACTS.protocolSniffing.since)
      ? 'Istio has to detect the protocol (inbound traffic before 1.4 is plain TCP), and declaring it is more reliable'
      : 'Istio treats its traffic as plain TCP, so HTTP routing rules have no effect on it';
    const protocols = knownProtocols(ctx).join(', ');
    for (const service of ctx.index.ofKind('Service')) {
      if (SYSTEM_NAMESPACES.has(service.namespace) || dig(service.object, 'spec', 'type') === 'ExternalName') continue;
      // Services Istio generates for waypoints and Gateway API gateways name their own ports.
      if (service.labels['gateway.istio.io/managed'] !== undefined) continue;
      for (const { item: port, index } of indexedRecords(dig(service.object, 'spec', 'ports'))) {
        const transport = asString(port['protocol'])?.toUpperCase();
        if (transport === 'UDP' || transport === 'SCTP') continue;
        const name = asString(port['name']);
        if (protocolOfAppProtocol(asString(port['appProtocol']), ctx) || protocolOfName(name, ctx)) continue;
        const number = typeof port['port'] === 'number' || typeof port['port'] === 'string' ? String(port['port']) : '?';
        const what = name ? `is named "${name}", which does not start with a known protocol` : 'has no name';
        yield {
          resource: service,
          path: name ? ['spec', 'ports', index, 'name'] : ['spec', 'ports', index],
          severity,
          message: `${refOf(service)} port ${number} ${what}; ${consequence}`,
          fix: `Name the port \`<protocol>[-<suffix>]\`, e.g. \`name: http${name ? `-${name.toLowerCase().replace(/[^a-z0-9-]/g, '')}` : ''}\` for HTTP, with <protocol> one of ${protocols}${ctx.atLeast(FACTS.appProtocol.since) ? ', or set `appProtocol`' : ''}.`,
        };
      }
    }
  },
});
