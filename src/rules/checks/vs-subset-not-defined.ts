// §3: a route to a subset that no DestinationRule defines makes Envoy point at a cluster that does
// not exist: every such request fails with 503 until the subset is defined.
import { drSubsets, refOf, vsDestinations } from '../istio.ts';
import { definesSubset, destinationRulesFor } from '../subsets.ts';
import { defineRule, type RuleFinding } from '../types.ts';

export default defineRule({
  id: 'vs-subset-not-defined',
  title: 'VirtualService routes to a subset no DestinationRule defines',
  severity: 'ERROR',
  kinds: ['VirtualService'],
  entryKey: '503-errors-while-reconfiguring-service-routes',
  versions: {},
  description:
    'A route or mirror destination of a VirtualService names a subset that no DestinationRule defines for that host ' +
    '(the host resolved in the VirtualService namespace; exact-host DestinationRules take precedence over wildcard ones). ' +
    'Envoy then refers to a non-existent upstream pool and requests fail with HTTP 503.',
  *check(ctx): Generator<RuleFinding> {
    for (const vs of ctx.index.ofKind('VirtualService')) {
      for (const d of vsDestinations(vs)) {
        if (d.subset === undefined || d.subset === '' || d.host === undefined || d.host === '') continue;
        const fqdn = ctx.hosts.fqdn(d.host, vs.namespace);
        const rules = destinationRulesFor(ctx.index, fqdn);
        if (definesSubset(rules, d.subset)) continue;
        const defined = [...new Set(rules.flatMap((dr) => drSubsets(dr).map((s) => s.name)))];
        const what = d.kind === 'mirror' ? 'mirrors to' : 'routes to';
        yield {
          resource: vs,
          path: [...d.path, 'subset'],
          message:
            `${refOf(vs)} ${what} subset "${d.subset}" of host ${fqdn}, but ` +
            (rules.length === 0
              ? 'no DestinationRule for that host is in the input'
              : `DestinationRule ${rules.map((r) => `${r.namespace}/${r.name}`).join(', ')} defines only ${defined.length > 0 ? defined.map((s) => `"${s}"`).join(', ') : 'no subsets'}`) +
            '; requests to it fail with 503.',
          fix:
            `Add subset "${d.subset}" (with the pod labels of that version) to the DestinationRule for ${fqdn}, apply it and wait for it ` +
            `to propagate before applying this VirtualService; or route to a subset that exists.`,
          related: rules.map((resource) => ({ resource, path: ['spec', 'subsets'] })),
          ...(rules.length === 0 ? { absent: `a DestinationRule for ${fqdn}` } : {}),
        };
      }
    }
  },
});
