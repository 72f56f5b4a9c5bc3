// §3: a route to a subset that no DestinationRule defines makes Envoy point at a cluster that does
// not exist: every such request fails with 503 until the subset is defined.
import { drHost, drSubsets, isVisibleIn, refOf, vsClientNamespaces, vsDestinations } from '../istio.ts';
import { FACTS } from '../version-facts.ts';
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
    const scoped = ctx.atLeast(FACTS.exportTo.since);
    for (const vs of ctx.index.ofKind('VirtualService')) {
      for (const d of vsDestinations(vs)) {
        if (d.subset === undefined || d.subset === '' || d.host === undefined || d.host === '') continue;
        const fqdn = ctx.hosts.fqdn(d.host, vs.namespace);
        const rules = destinationRulesFor(ctx.index, fqdn);
        const definer = definesSubset(rules, d.subset);
        if (definer) {
          // From 1.1 a DestinationRule reaches only the clients of namespaces it is exported to.
          const hidden = scoped ? vsClientNamespaces(vs).filter((ns) => !rules.some((dr) => isVisibleIn(dr, ns) && definesSubset([dr], d.subset ?? ''))) : [];
          if (hidden.length === 0) continue;
          yield {
            resource: vs,
            path: [...d.path, 'subset'],
            message:
              `${refOf(vs)} ${d.kind === 'mirror' ? 'mirrors to' : 'routes to'} subset "${d.subset}" of host ${fqdn}, which ${refOf(definer)} defines, ` +
              `but its exportTo hides it from namespace ${hidden.join(', ')} where this VirtualService applies; requests from there fail with 503.`,
            fix: `Export ${refOf(definer)} to ${hidden.join(', ')} (or remove its exportTo: "."), or define the subset in a DestinationRule of that namespace.`,
            related: [{ resource: definer, path: ['spec', 'exportTo'] }],
          };
          continue;
        }
        const defined = [...new Set(rules.flatMap((dr) => drSubsets(dr).map((s) => s.name)))];
        const what = d.kind === 'mirror' ? 'mirrors to' : 'routes to';
        // The subset is defined, but by a DestinationRule the judged version refuses (the current
        // samples' networking.istio.io/v1 before 1.22): the VirtualService is applied, its subset is not.
        const refusedDefiner =
          rules.length === 0
            ? (ctx.refused ?? []).find(
                (r) => r.kind === 'DestinationRule' && ctx.hosts.fqdn(drHost(r) ?? '', r.namespace) === fqdn && definesSubset([r], d.subset ?? '') !== undefined,
              )
            : undefined;
        if (refusedDefiner) {
          yield {
            resource: vs,
            path: [...d.path, 'subset'],
            ...(ctx.complete ? {} : { severity: 'WARNING' as const }),
            message:
              `${refOf(vs)} ${what} subset "${d.subset}" of host ${fqdn}, which ${refOf(refusedDefiner)} defines in ${refusedDefiner.apiVersion}, ` +
              `an API version Istio ${ctx.version.name} does not serve: the API server refuses that DestinationRule, so the subset does not exist; requests to it fail with 503.`,
            fix: `Write ${refOf(refusedDefiner)} in an API version this Istio serves (see the note on it) and apply it before this VirtualService.`,
            related: [{ resource: refusedDefiner }],
          };
          continue;
        }
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
          // Only a DestinationRule for the exact host contradicts the route; a wildcard one (the mesh-wide
          // mTLS rule) applies only while no exact one exists, which may live in another file.
          ...(ctx.index.destinationRulesForHost(fqdn).length === 0 ? { absent: `a DestinationRule for ${fqdn}` } : {}),
        };
      }
    }
  },
});
