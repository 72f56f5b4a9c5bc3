// A route to a cluster-local host that no Service or ServiceEntry provides: Envoy has no endpoints
// for it. Checked only when the bundle holds Services, and only for `*.svc.cluster.local` hosts
// (external names need no Service); when the target namespace has no Service at all in the
// bundle, the bundle is probably partial and the finding is only INFO.
import { refOf, vsDestinations } from '../istio.ts';
import { defineRule, type RuleFinding } from '../types.ts';
import { FACTS } from '../version-facts.ts';

export default defineRule({
  id: 'vs-destination-host-unknown',
  title: 'VirtualService destination host has no Service',
  severity: 'WARNING',
  kinds: ['VirtualService'],
  entryKey: 'route-rules-have-no-effect-on-my-application',
  versions: {},
  description:
    'A route or mirror destination names a cluster-local host (a short name, `name.namespace` or ' +
    '`name.namespace.svc.cluster.local`, resolved in the VirtualService namespace) that no Service or ServiceEntry in the ' +
    'manifests provides, or has no host at all. Requests routed there fail (503 / no healthy upstream). Only checked when ' +
    'the manifests contain Services; external hosts are never reported.',
  *check(ctx): Generator<RuleFinding> {
    const services = ctx.index.ofKind('Service');
    const namespacesWithServices = new Set(services.map((s) => s.namespace));
    for (const vs of ctx.index.ofKind('VirtualService')) {
      for (const d of vsDestinations(vs)) {
        if (d.host === undefined || d.host.trim() === '') {
          yield {
            resource: vs,
            path: d.path,
            severity: 'ERROR',
            message: `${refOf(vs)} has a ${d.kind} destination without a host; Istio rejects or ignores it.`,
            fix: 'Set destination.host to the Service (or ServiceEntry host) the traffic should go to.',
          };
          continue;
        }
        if (services.length === 0) continue;
        const fqdn = ctx.hosts.fqdn(d.host, vs.namespace);
        const service = ctx.hosts.serviceOf(fqdn);
        if (!service || ctx.index.hostIsKnown(fqdn, ctx.atLeast(FACTS.exportTo.since) ? vs.namespace : undefined)) continue;
        const partial = !namespacesWithServices.has(service.namespace);
        yield {
          resource: vs,
          path: [...d.path, 'host'],
          ...(partial ? { severity: 'INFO' as const } : {}),
          message:
            `${refOf(vs)} routes to host ${fqdn} ("${d.host}" in namespace ${vs.namespace}), but no Service ${service.namespace}/${service.name} ` +
            `or ServiceEntry for it is in the manifests` +
            (partial ? ` (the manifests hold no Service of namespace ${service.namespace}, so this cannot be verified).` : '; requests to it fail.'),
          fix:
            `Point the destination at an existing Service (a short name resolves in the VirtualService namespace ${vs.namespace}; use ` +
            `<name>.<namespace>.svc.cluster.local for another namespace), or create Service ${service.namespace}/${service.name}.`,
        };
      }
    }
  },
});
