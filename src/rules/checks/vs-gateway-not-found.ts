// A VirtualService bound to a Gateway that is not in the input: its routes are never served by a
// gateway. Information only, because the Gateway usually lives in another file (often another
// team's namespace); an error when the input is declared complete.
import { MESH_GATEWAY, gatewayKey, gatewayRef, refOf, vsGateways } from '../istio.ts';
import { defineRule, type RuleFinding } from '../types.ts';

export default defineRule({
  id: 'vs-gateway-not-found',
  title: 'VirtualService names a Gateway that is not in the manifests',
  severity: 'ERROR',
  kinds: ['VirtualService'],
  entryKey: 'route-rules-have-no-effect-on-ingress-gateway-requests',
  versions: {},
  description:
    'A VirtualService lists a gateway in `spec.gateways` that no Gateway resource in the checked manifests defines. ' +
    'Its routes then apply to no gateway at all, so requests through the intended ingress get default routing or a 404. ' +
    'Reported as information because the Gateway may be defined in manifests that were not submitted; an error when ' +
    'the input is declared complete.',
  *check(ctx): Generator<RuleFinding> {
    for (const vs of ctx.index.ofKind('VirtualService')) {
      for (const gateway of vsGateways(vs)) {
        if (gateway.value === MESH_GATEWAY || ctx.index.gateway(gateway.value, vs.namespace)) continue;
        const key = gatewayKey(gateway.value, vs.namespace);
        // The same name without a namespace of its own: where it lands is decided by `kubectl apply -n`.
        const { namespace: target, name } = gatewayRef(gateway.value, vs.namespace);
        const unplaced = ctx.index.ofKind('Gateway').find((g) => g.name === name && !g.namespaceExplicit);
        const hint = unplaced
          ? ` ${refOf(unplaced)} names no namespace, so it is judged in ${unplaced.namespace}: if its file is applied with \`kubectl apply -n ${target}\`, diagnose with that namespace too (CLI \`-n ${target}\`).`
          : '';
        yield {
          resource: vs,
          path: gateway.path,
          ...(ctx.complete ? {} : { severity: 'INFO' as const }),
          absent: `Gateway ${key}`,
          message: `${refOf(vs)} is bound to gateway "${gateway.value}", but no Gateway ${key} is in the manifests; its routes apply to no gateway.`,
          fix: `Create Gateway ${key} (or fix the name in spec.gateways; use "<namespace>/<name>" for a Gateway in another namespace on Istio 1.1+), or check that the manifests that define it are applied.${hint}`,
        };
      }
    }
  },
});
