// Which DestinationRules decide the subsets of a host, and grouping of DestinationRules that
// Istio merges (same host; from 1.1 on, also the same namespace).
import { wildcardCandidates } from './hosts.ts';
import { drHost, drSubsets } from './istio.ts';
import type { Resource, ResourceIndex, RuleContext } from './types.ts';
import { FACTS } from './version-facts.ts';

/**
 * DestinationRules whose subsets apply to `fqdn`: those for the exact host, else those of the most
 * specific wildcard host (`*.ns.svc.cluster.local`, `*.local`, `*`), as Pilot picks them.
 */
export function destinationRulesFor(index: ResourceIndex, fqdn: string): readonly Resource[] {
  const exact = index.destinationRulesForHost(fqdn);
  if (exact.length > 0) return exact;
  for (const candidate of wildcardCandidates(fqdn)) {
    if (candidate === fqdn) continue;
    const list = index.destinationRulesForHost(candidate);
    if (list.length > 0) return list;
  }
  return [];
}

export function definesSubset(rules: readonly Resource[], subset: string): Resource | undefined {
  return rules.find((dr) => drSubsets(dr).some((s) => s.name === subset));
}

export interface MergeGroup {
  readonly host: string;
  /** In input order: the first wins. */
  readonly rules: readonly Resource[];
}

/** DestinationRules that Pilot merges: same resolved host (1.0); same host and namespace (1.1+). */
export function mergeGroups(ctx: RuleContext): MergeGroup[] {
  const perNamespace = ctx.atLeast(FACTS.destinationRulesPerNamespace.since);
  const groups = new Map<string, { host: string; rules: Resource[] }>();
  for (const dr of ctx.index.ofKind('DestinationRule')) {
    const host = drHost(dr);
    if (host === undefined) continue;
    const fqdn = ctx.hosts.fqdn(host, dr.namespace);
    const key = perNamespace ? `${dr.namespace}\u0000${fqdn}` : fqdn;
    const group = groups.get(key);
    if (group) group.rules.push(dr);
    else groups.set(key, { host: fqdn, rules: [dr] });
  }
  return [...groups.values()].filter((g) => g.rules.length > 1);
}
