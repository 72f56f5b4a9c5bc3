// A subset whose labels match none of the host's pods has no endpoints: traffic routed to it fails
// with 503 (no healthy upstream). That matters when a route sends traffic to the subset; declaring
// subsets for every version up front, before some are deployed or routed to, is the documented
// pattern and only worth a note. Only meaningful when the input holds the workloads.
import { asLabels, dig, isEmpty, selectorMatches } from '../access.ts';
import { drHost, drSubsets, isLabelAddedOutsideTemplate, vsDestinations } from '../istio.ts';
import { defineRule, type Labels, type RuleFinding } from '../types.ts';

function labelText(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

export default defineRule({
  id: 'dr-subset-selects-no-pods',
  title: 'DestinationRule subset selects no pod',
  severity: 'ERROR',
  kinds: ['DestinationRule'],
  entryKey: '503-errors-while-reconfiguring-service-routes',
  versions: {},
  description:
    "A DestinationRule subset's labels match no pod template of the workloads behind the host's Service. Requests routed " +
    'to that subset fail with 503 (no healthy upstream) when a VirtualService routes to the subset: a warning that says the ' +
    'input may be partial (the workload of that version may be deployed from another file), an error with `complete`; a subset ' +
    'no route uses yet (subsets declared up front for every version) is only information. Labels that Istio adds to ' +
    'endpoints or injected pods (node locality, `kubernetes.io/hostname`, `security.istio.io/tlsMode`) are not judged. ' +
    'Only checked when the input contains workloads for that Service (with `complete`, a routed subset of a Service ' +
    'without any workload is reported too).',
  *check(ctx): Generator<RuleFinding> {
    const referenced = new Set<string>();
    for (const vs of ctx.index.ofKind('VirtualService')) {
      for (const d of vsDestinations(vs)) {
        if (d.host && d.subset) referenced.add(`${ctx.hosts.fqdn(d.host, vs.namespace)}\u0000${d.subset}`);
      }
    }
    if (!ctx.index.hasWorkloads && !ctx.complete) return;
    for (const dr of ctx.index.ofKind('DestinationRule')) {
      const host = drHost(dr);
      if (host === undefined) continue;
      const fqdn = ctx.hosts.fqdn(host, dr.namespace);
      const service = ctx.index.serviceByFqdn(fqdn);
      if (!service) continue;
      const selector = asLabels(dig(service.object, 'spec', 'selector'));
      if (isEmpty(selector)) continue;
      const workloads = ctx.index.workloadsMatching(service.namespace, selector);
      const podLabels = workloads.flatMap((w) => ctx.index.podLabelVariants(w));
      for (const subset of drSubsets(dr)) {
        const judged = Object.fromEntries(Object.entries(subset.labels).filter(([key]) => !isLabelAddedOutsideTemplate(key)));
        if (isEmpty(judged) || podLabels.some((labels) => selectorMatches(judged, labels))) continue;
        const used = referenced.has(`${fqdn}\u0000${subset.name}`);
        // No workload of the service at all: a partial input (or a Service not deployed yet), not the subset.
        if (workloads.length === 0) {
          if (!used || !ctx.complete) continue;
          yield {
            resource: dr,
            path: [...subset.path, 'labels'],
            message: `A route sends traffic to subset "${subset.name}" of DestinationRule ${dr.namespace}/${dr.name}, but no workload of Service ${service.namespace}/${service.name} is in the input; requests to it fail with 503.`,
            fix: `Deploy the workloads of ${service.namespace}/${service.name} (with labels ${labelText(subset.labels)}) before routing to subset "${subset.name}".`,
            related: [{ resource: service, path: ['spec', 'selector'] }],
            absent: `a workload of Service ${service.namespace}/${service.name}`,
          };
          continue;
        }
        const seen = [...new Set(podLabels.map((labels) => labelText(Object.fromEntries(Object.keys(judged).filter((k) => k in labels).map((k) => [k, labels[k] ?? ''])))))].filter((t) => t !== '');
        yield {
          resource: dr,
          path: [...subset.path, 'labels'],
          ...(used ? {} : { severity: 'INFO' as const }),
          // The workload of that version may be deployed from another file (or run on a VM): absence.
          absent: `a workload of Service ${service.namespace}/${service.name} labelled ${labelText(judged)}`,
          message:
            `Subset "${subset.name}" of DestinationRule ${dr.namespace}/${dr.name} selects ${labelText(judged)}, but no pod of ` +
            `Service ${service.namespace}/${service.name} has these labels` +
            (seen.length > 0 ? ` (pods have ${seen.join('; ')})` : '') +
            (used ? '; routes to this subset fail with 503.' : '; no route uses it yet, but traffic sent to it would fail with 503.'),
          fix:
            `Change the labels of subset "${subset.name}" to match the pod template labels of a Deployment behind ${service.namespace}/${service.name}, ` +
            `or deploy the version it names before routing to it.`,
          related: [{ resource: service, path: ['spec', 'selector'] }, ...workloads.slice(0, 3).map((resource) => ({ resource }))],
        };
      }
    }
  },
});
