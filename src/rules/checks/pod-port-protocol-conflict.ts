// §5 Service association: "If a pod belongs to multiple Kubernetes services, the services cannot
// use the same port number for different protocols, for instance HTTP and TCP." The sidecar has
// one inbound listener per pod port, so only one of the protocols wins.
import { defineRule, type Path, type RelatedRef, type Resource, type RuleContext } from '../types.ts';
import { WORKLOAD_KINDS } from '../index.ts';
import { asInt, asString, dig, indexedRecords, refOf } from '../support/object.ts';
import { effectiveProtocol, isHttpFamily } from '../support/protocols.ts';
import { mayHaveSidecar, podSpecOf } from '../support/sidecar.ts';

interface PortUse {
  readonly service: Resource;
  readonly path: Path;
  readonly servicePort: string;
  readonly protocol: string;
}

/** HTTP, HTTP/2 and gRPC share the HTTP connection manager; everything else is its own listener type. */
function protocolClass(protocol: string): string {
  return isHttpFamily(protocol) ? 'HTTP' : protocol.toUpperCase();
}

/** Container ports by name and by number, with their paths in the workload. */
function containerPorts(workload: Resource): { byName: Map<string, number>; pathOf: Map<number, Path> } {
  const byName = new Map<string, number>();
  const pathOf = new Map<number, Path>();
  const base: Path = workload.kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
  for (const { item: container, index: c } of indexedRecords(dig(podSpecOf(workload).spec, 'containers'))) {
    for (const { item: port, index: p } of indexedRecords(container['ports'])) {
      const number = asInt(port['containerPort']);
      if (number === undefined) continue;
      const name = asString(port['name']);
      if (name) byName.set(name, number);
      if (!pathOf.has(number)) pathOf.set(number, [...base, 'containers', c, 'ports', p, 'containerPort']);
    }
  }
  return { byName, pathOf };
}

function portUses(workload: Resource, services: readonly Resource[], byName: Map<string, number>, ctx: RuleContext): Map<string, PortUse[]> {
  const uses = new Map<string, PortUse[]>();
  for (const service of services) {
    for (const { item: port, index } of indexedRecords(dig(service.object, 'spec', 'ports'))) {
      const number = asInt(port['port']);
      const target = port['targetPort'] ?? port['port'];
      const podPort = asInt(target) ?? (typeof target === 'string' ? byName.get(target) ?? target : undefined);
      if (podPort === undefined) continue;
      const name = asString(port['name']);
      const appProtocol = asString(port['appProtocol']);
      const transport = asString(port['protocol']);
      const protocol = effectiveProtocol({ ...(name ? { name } : {}), ...(appProtocol ? { appProtocol } : {}), ...(transport ? { protocol: transport } : {}) }, ctx);
      const key = String(podPort);
      uses.set(key, [...(uses.get(key) ?? []), {
        service, path: ['spec', 'ports', index], servicePort: `${number ?? '?'}${name ? ` (${name})` : ''}`, protocol,
      }]);
    }
  }
  return uses;
}

export default defineRule({
  id: 'pod-port-protocol-conflict',
  title: 'Services selecting one pod use the same port with different protocols',
  severity: 'WARNING',
  kinds: ['Service'],
  entryKey: 'route-rules-have-no-effect-on-my-application',
  versions: { from: '1.0' },
  description:
    'Detects workloads selected by several Services that send the same pod port (targetPort) with different protocols, e.g. one names it http and another tcp. The sidecar builds one inbound listener per port, so one protocol wins and the other Service\'s traffic is handled wrongly (HTTP routing has no effect, or TCP traffic is parsed as HTTP).',
  *check(ctx) {
    if (!ctx.index.hasWorkloads) return;
    for (const kind of WORKLOAD_KINDS) {
      for (const workload of ctx.index.ofKind(kind)) {
        // Without a sidecar there is no inbound listener to conflict on.
        if (!mayHaveSidecar(workload, ctx.index)) continue;
        const services = ctx.index.servicesSelecting(workload);
        if (services.length < 2) continue;
        const { byName, pathOf } = containerPorts(workload);
        for (const [podPort, uses] of portUses(workload, services, byName, ctx)) {
          const classes = new Set(uses.map((u) => protocolClass(u.protocol)));
          if (classes.size < 2 || new Set(uses.map((u) => u.service.uid)).size < 2) continue;
          const detail = uses.map((u) => `${refOf(u.service)} port ${u.servicePort} as ${u.protocol.toUpperCase()}`).join(', ');
          const related: RelatedRef[] = uses.map((u) => ({ resource: u.service, path: u.path }));
          yield {
            resource: workload,
            path: pathOf.get(Number(podPort)) ?? (workload.kind === 'Pod' ? ['metadata', 'labels'] : ['spec', 'template', 'metadata', 'labels']),
            message: `${refOf(workload)} is selected by several Services that send pod port ${podPort} with different protocols: ${detail}; the sidecar has one listener per port, so only one protocol is used`,
            fix: `Use one protocol for port ${podPort} in all Services that select this workload (name their ports with the same protocol prefix), or expose the protocols on different container ports.`,
            related,
          };
        }
      }
    }
  },
});
