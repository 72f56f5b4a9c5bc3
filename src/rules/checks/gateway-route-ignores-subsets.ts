// §4 "Route rules have no effect on ingress gateway requests": requests entering through a gateway
// are routed by the gateway-bound VirtualService only; a mesh VirtualService that splits host X
// into subsets does not apply to them. Unlike istioctl IST0140, hosts are compared as FQDNs.
import { defineRule, type Path, type Resource, type RuleContext } from '../types.ts';
import { MESH_GATEWAY, isMeshBound, refOf, vsGateways, vsHosts } from '../istio.ts';
import { asString, dig, indexedRecords, stringList } from '../support/object.ts';

interface SubsetRouting {
  readonly vs: Resource;
  readonly path: Path;
  readonly subsets: Set<string>;
  /** Whether the subset rule is restricted to `match.gateways: [mesh]` (the combined form). */
  readonly meshOnly: boolean;
}

interface HttpDestination {
  readonly host: string;
  readonly subset: string | undefined;
  readonly path: Path;
  /** The rule's own `match[].gateways`, when every match restricts it. */
  readonly ruleGateways: readonly string[] | undefined;
}

function* httpDestinations(vs: Resource, ctx: RuleContext): Generator<HttpDestination> {
  for (const { item: rule, index: i } of indexedRecords(dig(vs.object, 'spec', 'http'))) {
    const matches = indexedRecords(rule['match']).map(({ item }) => stringList(item['gateways']));
    const ruleGateways = matches.length > 0 && matches.every((g) => g.length > 0) ? matches.flat() : undefined;
    for (const { item: route, index: j } of indexedRecords(rule['route'])) {
      const host = asString(dig(route, 'destination', 'host'));
      if (!host) continue;
      yield {
        host: ctx.hosts.fqdn(host, vs.namespace),
        subset: asString(dig(route, 'destination', 'subset')),
        path: ['spec', 'http', i, 'route', j, 'destination', 'host'],
        ruleGateways,
      };
    }
  }
}

/** Mesh VirtualServices that route one of their own hosts to subsets, by FQDN (built once, O(n)). */
function meshSubsetRouting(ctx: RuleContext): Map<string, SubsetRouting> {
  const out = new Map<string, SubsetRouting>();
  for (const vs of ctx.index.ofKind('VirtualService')) {
    if (!isMeshBound(vs)) continue;
    const own = new Set(vsHosts(vs).map((h) => ctx.hosts.fqdn(h.value, vs.namespace)));
    for (const d of httpDestinations(vs, ctx)) {
      if (!d.subset || !own.has(d.host)) continue;
      if (d.ruleGateways && !d.ruleGateways.includes(MESH_GATEWAY)) continue;
      const meshOnly = d.ruleGateways !== undefined;
      const entry = out.get(d.host) ?? { vs, path: d.path.slice(0, -1).concat('subset'), subsets: new Set<string>(), meshOnly };
      if (entry.vs.uid === vs.uid) entry.subsets.add(d.subset);
      out.set(d.host, entry);
    }
  }
  return out;
}

export default defineRule({
  id: 'gateway-route-ignores-subsets',
  title: 'Gateway VirtualService bypasses the subset routing of a mesh VirtualService',
  severity: 'WARNING',
  kinds: ['VirtualService'],
  entryKey: 'route-rules-have-no-effect-on-ingress-gateway-requests',
  versions: { from: '1.0' },
  description:
    'Detects a VirtualService bound to a gateway that routes HTTP traffic to a service without a subset while a mesh VirtualService routes that service to subsets. Requests through the gateway match only the gateway VirtualService, so they are load-balanced over all versions and the version routing silently does not apply to ingress traffic.',
  *check(ctx) {
    const routing = meshSubsetRouting(ctx);
    if (routing.size === 0) return;
    for (const vs of ctx.index.ofKind('VirtualService')) {
      const gateways = vsGateways(vs).map((g) => g.value).filter((g) => g !== MESH_GATEWAY);
      if (gateways.length === 0) continue;
      for (const d of httpDestinations(vs, ctx)) {
        if (d.subset) continue;
        // A rule restricted to the mesh gateway does not carry gateway traffic.
        if (d.ruleGateways && d.ruleGateways.every((g) => g === MESH_GATEWAY)) continue;
        const mesh = routing.get(d.host);
        // Within one VirtualService bound to both, only a subset rule kept for the mesh leaves the gateway out.
        if (!mesh || (mesh.vs.uid === vs.uid && !mesh.meshOnly)) continue;
        const subsets = [...mesh.subsets].join(', ');
        const via = d.ruleGateways?.filter((g) => g !== MESH_GATEWAY) ?? gateways;
        yield {
          resource: vs,
          path: d.path,
          message: `${refOf(vs)} (gateway ${via.join(', ')}) routes to ${d.host} without a subset, so the subset routing of ${refOf(mesh.vs)} (subset ${subsets}) does not apply to requests through the gateway; they go to all versions of the service`,
          fix: `Add the subset to this destination (\`subset: ${[...mesh.subsets][0] ?? 'v1'}\`, as in ${refOf(mesh.vs)}), or merge both into one VirtualService bound to \`mesh\` and the gateway, restricting rules with \`match.gateways\`.`,
          related: [{ resource: mesh.vs, path: mesh.path }],
        };
      }
    }
  },
});
