// A route to a host that no Service or ServiceEntry provides (or that exists but is not exported
// to the namespaces the VirtualService applies in): Envoy has no cluster for it and requests fail.
// Absence is judged by the engine's evidence levels: without `complete` it is at most a warning.
import { isVisibleIn, refOf, vsClientNamespaces, vsDestinations } from '../istio.ts';
import { FACTS } from '../version-facts.ts';
import { dig, stringList } from '../support/object.ts';
import { defineRule, type Resource, type RuleFinding } from '../types.ts';

export default defineRule({
  id: 'vs-destination-host-unknown',
  title: 'VirtualService destination host has no Service or ServiceEntry',
  severity: 'ERROR',
  kinds: ['VirtualService'],
  entryKey: 'route-rules-have-no-effect-on-my-application',
  versions: {},
  description:
    'A route or mirror destination names a host (a short name, `name.namespace`, a cluster-local FQDN resolved in the ' +
    'VirtualService namespace, or an external name) that no Service or ServiceEntry provides, that is provided only by ' +
    'objects not exported to the namespaces the VirtualService applies in (`exportTo`, the Service annotation ' +
    '`networking.istio.io/exportTo`), or has no host at all. Envoy has no cluster for it, so requests fail. When the ' +
    'provider is simply absent from the input, the finding is a warning that says the input may be partial (an error ' +
    'with `complete`); it is checked only when the input says something about the registry (Services, or ServiceEntries: ' +
    'for a cluster-local host only one for a cluster-local name counts), ' +
    'and a namespace without any Service in the input is reported as information only.',
  *check(ctx): Generator<RuleFinding> {
    const services = ctx.index.ofKind('Service');
    const entries = ctx.index.ofKind('ServiceEntry');
    const namespacesWithServices = new Set(services.map((s) => s.namespace));
    const clusterLocalEntries = entries.some((e) => stringList(dig(e.object, 'spec', 'hosts')).some((h) => ctx.hosts.isClusterLocal(ctx.hosts.fqdn(h, e.namespace))));
    const scoped = ctx.atLeast(FACTS.exportTo.since);
    for (const vs of ctx.index.ofKind('VirtualService')) {
      for (const d of vsDestinations(vs)) {
        if (d.host === undefined || d.host.trim() === '') {
          yield {
            resource: vs,
            path: d.path,
            message: `${refOf(vs)} has a ${d.kind} destination without a host; Istio rejects or ignores it.`,
            fix: 'Set destination.host to the Service (or ServiceEntry host) the traffic should go to.',
          };
          continue;
        }
        const fqdn = ctx.hosts.fqdn(d.host, vs.namespace);
        const service = ctx.hosts.serviceOf(fqdn);
        const all = ctx.index.hostProviders(fqdn);
        // A hidden catch-all ServiceEntry (`*` exported to ".") says nothing about this host.
        const exact = all.filter((p) => p.kind === 'Service' || stringList(dig(p.object, 'spec', 'hosts')).some((h) => ctx.hosts.fqdn(h, p.namespace) === fqdn));
        // How a short name was resolved; a host written in full needs no gloss.
        const where = d.host.trim() === fqdn ? '' : ` ("${d.host}" in namespace ${vs.namespace})`;
        const visibleSomewhere = !scoped || vsClientNamespaces(vs).every((ns) => all.some((p) => isVisibleIn(p, ns)));
        if (all.length > 0 && visibleSomewhere) continue;
        const providers = exact;
        if (providers.length > 0) {
          const hidden = vsClientNamespaces(vs).filter((ns) => !all.some((p) => isVisibleIn(p, ns)));
          yield {
            resource: vs,
            path: [...d.path, 'host'],
            message:
              `${refOf(vs)} routes to host ${fqdn}${where}, but ${providers.map(refOf).join(', ')} ${providers.length > 1 ? 'are' : 'is'} ` +
              `not exported to namespace ${hidden.join(', ')}, where this VirtualService applies; clients there have no route to it.`,
            fix: `Export the ${providers[0]?.kind ?? 'Service'} to ${hidden.join(', ')} (exportTo, or the networking.istio.io/exportTo annotation of a Service), or narrow this VirtualService's exportTo.`,
            related: providers.map((resource: Resource) => ({ resource })),
          };
          continue;
        }
        // Nothing in the input says anything about the registry: a lone VirtualService file. For a
        // cluster-local host only Services (or a ServiceEntry for a cluster-local name) say something:
        // an egress ServiceEntry for *.googleapis.com next to it says nothing about the app's Services.
        const registryKnown = service ? services.length > 0 || clusterLocalEntries : entries.length > 0;
        if (!ctx.complete && !registryKnown) continue;
        const unverifiable = !ctx.complete && service !== undefined && !namespacesWithServices.has(service.namespace);
        const missing = service ? `Service ${service.namespace}/${service.name} (nor a ServiceEntry for ${fqdn})` : `ServiceEntry for ${fqdn}`;
        yield {
          resource: vs,
          path: [...d.path, 'host'],
          ...(unverifiable ? { severity: 'INFO' as const } : {}),
          message:
            `${refOf(vs)} routes to host ${fqdn}${where}, but no ${missing} is in the input` +
            (unverifiable ? ` (the input holds no Service of namespace ${service?.namespace}, so this cannot be verified)` : '; requests to it fail'),
          fix: service
            ? `Point the destination at an existing Service (a short name resolves in the VirtualService namespace ${vs.namespace}; use ` +
              `<name>.<namespace>.svc.cluster.local for another namespace), or create Service ${service.namespace}/${service.name}.`
            : `Add a ServiceEntry for ${fqdn} (external services need one to be routable), or fix the host name.`,
          // "if Service a/b (or a ServiceEntry for …) is applied from elsewhere": the message's "nor" reads wrong there.
          absent: service ? `Service ${service.namespace}/${service.name} (or a ServiceEntry for ${fqdn})` : missing,
        };
      }
    }
  },
});
