// §7 "Headless TCP services losing connection": with Citadel deployed, Envoy hot-restarts about
// every 15 minutes to load rotated certificates, which drops long-lived TCP connections. Headless
// services are where clients hold such connections directly to pods (databases, brokers).
import { defineRule } from '../types.ts';
import { asLabels, asString, dig, indexedRecords, refOf } from '../support/object.ts';
import { effectiveProtocol, isHttpFamily } from '../support/protocols.ts';
import { SYSTEM_NAMESPACES, mayHaveSidecar } from '../support/sidecar.ts';

export default defineRule({
  id: 'headless-tcp-mtls',
  title: 'Headless Service with TCP ports loses connections when Envoy restarts',
  severity: 'INFO',
  kinds: ['Service'],
  entryKey: 'headless-tcp-services-losing-connection',
  versions: { from: '1.0', to: '1.6' },
  description:
    'Flags headless Services (`clusterIP: None`) with non-HTTP ports in meshes where Citadel rotates workload certificates by restarting Envoy (Istio 1.0–1.6): the restart every 15 minutes closes long-lived TCP connections. Applications should reconnect; otherwise mutual TLS and Citadel have to be disabled.',
  *check(ctx) {
    for (const service of ctx.index.ofKind('Service')) {
      if (SYSTEM_NAMESPACES.has(service.namespace)) continue;
      if (String(dig(service.object, 'spec', 'clusterIP') ?? '').toLowerCase() !== 'none') continue;
      const selector = asLabels(dig(service.object, 'spec', 'selector'));
      if (Object.keys(selector).length > 0) {
        const workloads = ctx.index.workloadsMatching(service.namespace, selector);
        if (workloads.length > 0 && workloads.every((w) => !mayHaveSidecar(w, ctx.index))) continue;
      }
      const tcpPorts: string[] = [];
      for (const { item: port } of indexedRecords(dig(service.object, 'spec', 'ports'))) {
        const name = asString(port['name']);
        const transport = asString(port['protocol']);
        const appProtocol = asString(port['appProtocol']);
        const protocol = effectiveProtocol({ ...(name ? { name } : {}), ...(transport ? { protocol: transport } : {}), ...(appProtocol ? { appProtocol } : {}) }, ctx);
        if (protocol === 'udp' || isHttpFamily(protocol)) continue;
        tcpPorts.push(`${String(port['port'] ?? '?')}${name ? ` (${name})` : ''}`);
      }
      if (tcpPorts.length === 0) continue;
      yield {
        resource: service,
        path: ['spec', 'clusterIP'],
        message: `${refOf(service)} is headless with TCP port${tcpPorts.length > 1 ? 's' : ''} ${tcpPorts.join(', ')}; in Istio ${ctx.version.name} Citadel makes Envoy restart about every 15 minutes to refresh certificates, which drops long-lived TCP connections to these pods`,
        fix: 'Make the clients reconnect on connection loss; if that is not possible, disable mutual TLS and scale the istio-citadel deployment to 0 (`kubectl scale --replicas=0 deploy/istio-citadel -n istio-system`).',
      };
    }
  },
});
