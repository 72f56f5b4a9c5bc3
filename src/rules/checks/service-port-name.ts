// §5 "Route rules have no effect on my application": Service ports must be named
// `<protocol>[-<suffix>]`, else Istio treats the traffic as plain TCP and L7 routing rules never
// apply. From 1.3 sniffing makes names advisory, so the severity drops to INFO (as istioctl IST0118).
import { defineRule, type Resource, type RuleFinding } from '../types.ts';
import { asString, dig, indexedRecords, refOf } from '../support/object.ts';
import { knownProtocols, protocolOfAppProtocol, protocolOfName } from '../support/protocols.ts';
import { SYSTEM_NAMESPACES } from '../support/sidecar.ts';
import { FACTS } from '../version-facts.ts';

/** IST0150: an ExternalName Service has no IP, so TCP to it is routed by SNI: tcp or unnamed ports break. */
function* externalNamePorts(service: Resource): Generator<RuleFinding> {
  for (const { item: port, index } of indexedRecords(dig(service.object, 'spec', 'ports'))) {
    const transport = asString(port['protocol'])?.toUpperCase();
    if (transport === 'UDP' || transport === 'SCTP') continue;
    const name = asString(port['name']);
    const lower = name?.toLowerCase() ?? '';
    const declared = EXTERNAL_NAME_PROTOCOLS.find((p) => lower === p || lower.startsWith(`${p}-`));
    if (declared) continue;
    const number = typeof port['port'] === 'number' || typeof port['port'] === 'string' ? String(port['port']) : '?';
    yield {
      resource: service,
      path: name ? ['spec', 'ports', index, 'name'] : ['spec', 'ports', index],
      severity: 'WARNING',
      message: `${refOf(service)} is an ExternalName Service and its port ${number} ${name ? `is named "${name}"` : 'has no name'}; without a service IP, TCP traffic to it can only be routed by SNI, so the proxy may not forward it correctly`,
      fix: `Name the port after its protocol: \`https\` or \`tls\` (\`<protocol>[-<suffix>]\`) for TLS traffic, or http/http2/grpc for plain HTTP.`,
    };
  }
}

/** Protocols that route ExternalName traffic by host or SNI. */
const EXTERNAL_NAME_PROTOCOLS = ['https', 'tls', 'http', 'http2', 'grpc', 'grpc-web'];

export default defineRule({
  id: 'service-port-name',
  title: 'Service port not named <protocol>[-<suffix>]',
  severity: 'WARNING',
  kinds: ['Service'],
  entryKey: 'route-rules-have-no-effect-on-my-application',
  versions: { from: '1.0' },
  description:
    'Detects Service ports that are unnamed or whose name does not start with a protocol Istio recognises (http, http2, grpc, mongo, redis, and from 1.1 https, tcp, tls, udp, mysql). Before 1.3 such traffic is plain TCP, so HTTP routing rules have no effect; from 1.3 Istio sniffs the protocol and the name is advisory. UDP ports and system namespaces are skipped. From 1.14 ports of ExternalName Services must name a protocol other than tcp (istioctl IST0150: without a service IP, TCP is routed by SNI).',
  *check(ctx) {
    const severity = ctx.atLeast(FACTS.protocolSniffing.since) ? 'INFO' : 'WARNING';
    const consequence = ctx.atLeast(FACTS.protocolSniffing.since)
      ? 'Istio has to detect the protocol (inbound traffic before 1.4 is plain TCP), and declaring it is more reliable'
      : 'Istio treats its traffic as plain TCP, so HTTP routing rules have no effect on it';
    const protocols = knownProtocols(ctx).join(', ');
    const externalNames = ctx.atLeast(FACTS.externalNamePortNames.since);
    for (const service of ctx.index.ofKind('Service')) {
      if (SYSTEM_NAMESPACES.has(service.namespace)) continue;
      if (dig(service.object, 'spec', 'type') === 'ExternalName') {
        if (externalNames) yield* externalNamePorts(service);
        continue;
      }
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
