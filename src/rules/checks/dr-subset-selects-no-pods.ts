// A subset whose labels match none of the host's pods has no endpoints: traffic routed to it fails
// with 503 (no healthy upstream). Only meaningful when the bundle holds the workloads.
import { asLabels, dig, isEmpty, selectorMatches } from '../access.ts';
import { drHost, drSubsets, vsDestinations } from '../istio.ts';
import { defineRule, type Labels, type RuleFinding } from '../types.ts';

function labelText(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

export default defineRule({
  id: 'dr-subset-selects-no-pods',
  title: 'DestinationRule subset selects no pod',
  severity: 'WARNING',
  kinds: ['DestinationRule'],
  entryKey: '503-errors-while-reconfiguring-service-routes',
  versions: {},
  description:
    "A DestinationRule subset's labels match no pod template of the workloads behind the host's Service. Requests routed " +
    'to that subset fail with 503 (no healthy upstream). An error when a VirtualService routes to the subset, a warning ' +
    'otherwise. Only checked when the manifests contain workloads for that Service.',
  *check(ctx): Generator<RuleFinding> {
    if (!ctx.index.hasWorkloads) return;
    const referenced = new Set<string>();
    for (const vs of ctx.index.ofKind('VirtualService')) {
      for (const d of vsDestinations(vs)) {
        if (d.host && d.subset) referenced.add(`${ctx.hosts.fqdn(d.host, vs.namespace)}\u0000${d.subset}`);
      }
    }
    for (const dr of ctx.index.ofKind('DestinationRule')) {
      const host = drHost(dr);
      if (host === undefined) continue;
      const fqdn = ctx.hosts.fqdn(host, dr.namespace);
      const service = ctx.index.serviceByFqdn(fqdn);
      if (!service) continue;
      const selector = asLabels(dig(service.object, 'spec', 'selector'));
      if (isEmpty(selector)) continue;
      const workloads = ctx.index.workloadsMatching(service.namespace, selector);
      // No workload of the service at all: the bundle is partial (or the Service is broken), not the subset.
      if (workloads.length === 0) continue;
      const podLabels = workloads.map((w) => ctx.index.podLabels(w));
      for (const subset of drSubsets(dr)) {
        if (isEmpty(subset.labels) || podLabels.some((labels) => selectorMatches(subset.labels, labels))) continue;
        const used = referenced.has(`${fqdn}\u0000${subset.name}`);
        const seen = [...new Set(podLabels.map((labels) => labelText(Object.fromEntries(Object.keys(subset.labels).filter((k) => k in labels).map((k) => [k, labels[k] ?? ''])))))].filter((t) => t !== '');
        yield {
          resource: dr,
          path: [...subset.path, 'labels'],
          severity: used ? 'ERROR' : 'WARNING',
          message:
            `Subset "${subset.name}" of DestinationRule ${dr.namespace}/${dr.name} selects ${labelText(subset.labels)}, but no pod of ` +
            `Service ${service.namespace}/${service.name} has these labels` +
            (seen.length > 0 ? ` (pods have ${seen.join('; ')})` : '') +
            (used ? '; routes to this subset fail with 503.' : '; traffic sent to it would fail with 503.'),
          fix:
            `Change the labels of subset "${subset.name}" to match the pod template labels of a Deployment behind ${service.namespace}/${service.name}, ` +
            `or deploy the version it names before routing to it.`,
          related: [{ resource: service, path: ['spec', 'selector'] }, ...workloads.slice(0, 3).map((resource) => ({ resource }))],
        };
      }
    }
  },
});
