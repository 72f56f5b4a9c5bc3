// §4: "cannot use "*" here since this is being combined with the mesh services". A VirtualService
// that applies to the mesh (no `gateways`, or `mesh` listed) must name concrete hosts; Istio's
// validation rejects `*` there ("wildcard host * is not allowed for virtual services bound to the
// mesh gateway"), so the routing the author meant for the gateway never happens.
import { defineRule } from '../types.ts';
import { MESH_GATEWAY, isMeshBound, refOf, vsGateways, vsHosts } from '../istio.ts';

export default defineRule({
  id: 'vs-mesh-wildcard-host',
  title: 'VirtualService bound to the mesh uses the wildcard host "*"',
  severity: 'ERROR',
  kinds: ['VirtualService'],
  entryKey: 'route-rules-have-no-effect-on-ingress-gateway-requests',
  versions: { from: '1.0' },
  description:
    'Detects VirtualServices that apply to the mesh (no `gateways`, or `mesh` listed among them) and list the host "*". The wildcard is only meaningful for gateway traffic; Istio rejects it for the mesh, so when ingress and mesh routing are combined in one VirtualService the concrete service hosts must be listed.',
  *check(ctx) {
    for (const vs of ctx.index.ofKind('VirtualService')) {
      if (!isMeshBound(vs)) continue;
      const gateways = vsGateways(vs).map((g) => g.value);
      const binding = gateways.length === 0
        ? 'has no `gateways`, so it applies to the mesh'
        : `lists \`${MESH_GATEWAY}\` among its gateways (${gateways.join(', ')})`;
      for (const host of vsHosts(vs)) {
        if (host.value.trim() !== '*') continue;
        yield {
          resource: vs,
          path: host.path,
          message: `${refOf(vs)} ${binding} and has host "*"; a VirtualService bound to the mesh cannot use the wildcard host (Istio rejects it), so its rules are not applied`,
          fix: gateways.length > 1
            ? 'List the concrete service hosts (e.g. `helloworld.default.svc.cluster.local`) instead of "*", or split it: keep "*" in a VirtualService bound only to the gateway and route mesh traffic in one that names the service host.'
            : 'Replace "*" with the concrete service hosts, or bind this VirtualService to a gateway (set `gateways` without `mesh`) if "*" was meant for ingress traffic.',
        };
      }
    }
  },
});
