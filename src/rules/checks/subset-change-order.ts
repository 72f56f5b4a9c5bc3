// §3 make-before-break: compares the change with the currently applied manifests (`previous`).
// A subset must be defined (and propagated) before a route uses it, and a route must stop using
// a subset before its definition is removed; doing both in one `kubectl apply` races in Pilot.
import { drHost, drSubsets, vsDestinations } from '../istio.ts';
import { defineRule, type Path, type Resource, type ResourceIndex, type RuleContext, type RuleFinding } from '../types.ts';

interface Use {
  readonly vs: Resource;
  readonly path: Path;
}

const nameKey = (r: Resource): string => `${r.namespace}/${r.name}`;
const subsetKey = (fqdn: string, subset: string): string => `${fqdn}\u0000${subset}`;

function definitions(ctx: RuleContext, rules: Iterable<Resource>): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const dr of rules) {
    const host = drHost(dr);
    if (host === undefined) continue;
    const fqdn = ctx.hosts.fqdn(host, dr.namespace);
    for (const s of drSubsets(dr)) {
      const key = subsetKey(fqdn, s.name);
      const list = out.get(key);
      if (list) list.push(dr);
      else out.set(key, [dr]);
    }
  }
  return out;
}

function uses(ctx: RuleContext, vs: Resource): Map<string, Use> {
  const out = new Map<string, Use>();
  for (const d of vsDestinations(vs)) {
    if (!d.subset || !d.host) continue;
    const key = subsetKey(ctx.hosts.fqdn(d.host, vs.namespace), d.subset);
    if (!out.has(key)) out.set(key, { vs, path: [...d.path, 'subset'] });
  }
  return out;
}

/** The resources of a kind after the change: the engine's index is that end state (applied objects overlaid by the new ones). */
function after(kind: string, index: ResourceIndex): readonly Resource[] {
  return index.ofKind(kind);
}

function split(key: string): [string, string] {
  return key.split('\u0000') as [string, string];
}

export default defineRule({
  id: 'subset-change-order',
  title: 'Subset added or removed in the same change as the routes that use it',
  severity: 'WARNING',
  kinds: ['VirtualService', 'DestinationRule'],
  entryKey: '503-errors-while-reconfiguring-service-routes',
  versions: {},
  description:
    'Given the currently applied manifests, detects a change that starts routing to a subset while adding its ' +
    'definition, or removes a subset definition that routes still use (or stop using in the same change). Resources ' +
    'reach Pilot in no guaranteed order, so such a change causes 503 errors during the reconfiguration; the ' +
    '"make-before-break" order is to add subsets before using them and stop using them before removing them.',
  *check(ctx): Generator<RuleFinding> {
    const previous = ctx.previous;
    if (!previous) return;
    const before = definitions(ctx, previous.ofKind('DestinationRule'));
    const afterDefs = definitions(ctx, after('DestinationRule', ctx.index));
    const previousVs = new Map(previous.ofKind('VirtualService').map((vs) => [nameKey(vs), vs]));

    // Adding: a new use of a subset whose definition arrives in this same change.
    for (const vs of ctx.index.ofKind('VirtualService')) {
      if (vs.source !== 'manifests') continue;
      const old = previousVs.get(nameKey(vs));
      const oldUses = old ? uses(ctx, old) : new Map<string, Use>();
      for (const [key, use] of uses(ctx, vs)) {
        if (oldUses.has(key) || before.has(key)) continue;
        const definers = (afterDefs.get(key) ?? []).filter((dr) => dr.source === 'manifests');
        const dr = definers[0];
        if (!dr) continue; // not defined at all: vs-subset-not-defined reports it
        const [host, subset] = split(key);
        yield {
          resource: vs,
          path: use.path,
          message:
            `VirtualService ${nameKey(vs)} starts routing to subset "${subset}" of ${host} in the same change that adds the subset to ` +
            `DestinationRule ${nameKey(dr)}; if the VirtualService reaches Pilot first, requests fail with 503 until the DestinationRule arrives.`,
          fix:
            `Make before break: 1) apply DestinationRule ${nameKey(dr)} with subset "${subset}" alone; 2) wait a few seconds for it to ` +
            `propagate to the sidecars; 3) then apply VirtualService ${nameKey(vs)}.`,
          related: [{ resource: dr, path: ['spec', 'subsets'] }],
        };
      }
    }

    // Removing: a subset definition dropped while routes use it now, or stop using it in this change.
    const usesAfter = new Map<string, Use>();
    for (const vs of after('VirtualService', ctx.index)) {
      for (const [key, use] of uses(ctx, vs)) if (!usesAfter.has(key)) usesAfter.set(key, use);
    }
    const usesBefore = new Map<string, Use>();
    for (const vs of previous.ofKind('VirtualService')) {
      for (const [key, use] of uses(ctx, vs)) if (!usesBefore.has(key)) usesBefore.set(key, use);
    }
    for (const dr of ctx.index.ofKind('DestinationRule')) {
      if (dr.source !== 'manifests') continue;
      const old = previous.get('DestinationRule', dr.namespace, dr.name);
      if (!old) continue;
      const now = new Set(definitions(ctx, [dr]).keys());
      for (const key of definitions(ctx, [old]).keys()) {
        if (now.has(key) || afterDefs.has(key)) continue;
        const [host, subset] = split(key);
        const stillUsed = usesAfter.get(key);
        const usedBefore = usesBefore.get(key);
        const use = stillUsed ?? usedBefore;
        if (!use) continue;
        yield {
          resource: dr,
          path: ['spec', 'subsets'],
          message: stillUsed
            ? `DestinationRule ${nameKey(dr)} removes subset "${subset}" of ${host}, which VirtualService ${nameKey(stillUsed.vs)} still routes to; requests to it will fail with 503.`
            : `DestinationRule ${nameKey(dr)} removes subset "${subset}" of ${host} in the same change that VirtualService ${nameKey(use.vs)} stops using it; if the DestinationRule reaches Pilot first, requests still routed to "${subset}" fail with 503.`,
          fix:
            `Make before break: 1) apply VirtualService ${nameKey(use.vs)} without the routes to subset "${subset}"; 2) wait a few seconds ` +
            `for it to propagate to the sidecars; 3) then apply DestinationRule ${nameKey(dr)} without the subset.`,
          related: [{ resource: use.vs, path: use.path }],
        };
      }
    }
  },
});
