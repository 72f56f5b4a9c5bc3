// §1: only gateway-bound VirtualServices are merged; for the mesh (sidecars) Pilot uses one
// VirtualService per host and silently ignores the others. exportTo scoping (1.1+) follows istioctl
// IST0109: hosts collide within the same scope, and scoped hosts collide with exported-to-all ones.
import { wildcardCandidates } from '../hosts.ts';
import { exportTo, isMeshBound, nameList, vsHosts } from '../istio.ts';
import { defineRule, type Path, type Resource, type RuleFinding } from '../types.ts';
import { FACTS } from '../version-facts.ts';

const ALL = '*';

interface Binding {
  readonly vs: Resource;
  readonly fqdn: string;
  readonly path: Path;
}

function scopesOf(vs: Resource): string[] {
  const values = exportTo(vs);
  if (values.length === 0 || values.includes(ALL)) return [ALL];
  return [...new Set(values.map((v) => (v === '.' ? vs.namespace : v)))];
}

export default defineRule({
  id: 'vs-mesh-host-conflict',
  title: 'Several mesh VirtualServices for the same host',
  severity: 'ERROR',
  kinds: ['VirtualService'],
  entryKey: 'multiple-virtual-services-and-destination-rules-for-the-same-host',
  versions: {},
  description:
    'Two or more VirtualServices bound to the mesh (no `gateways`, or `mesh` listed) define the same host. ' +
    'Istio merges VirtualService fragments only when they are bound to a gateway; for sidecars only one of them is used ' +
    'and which one is undefined, so the routes of the others silently have no effect.',
  *check(ctx): Generator<RuleFinding> {
    const scoped = ctx.atLeast(FACTS.exportTo.since);
    const groups = new Map<string, Binding[]>();
    for (const vs of ctx.index.ofKind('VirtualService')) {
      if (!isMeshBound(vs)) continue;
      const scopes = scoped ? scopesOf(vs) : [ALL];
      const seen = new Set<string>();
      for (const host of vsHosts(vs)) {
        const fqdn = ctx.hosts.fqdn(host.value, vs.namespace);
        if (fqdn === '' || seen.has(fqdn)) continue;
        seen.add(fqdn);
        for (const scope of scopes) {
          const key = `${scope}\u0000${fqdn}`;
          const list = groups.get(key);
          if (list) list.push({ vs, fqdn, path: host.path });
          else groups.set(key, [{ vs, fqdn, path: host.path }]);
        }
      }
    }

    // One finding per (VirtualService, host), whatever the number of scopes it collides in.
    const conflicts = new Map<string, { binding: Binding; others: Map<string, Binding> }>();
    for (const [key, bindings] of groups) {
      const [scope, fqdn] = key.split('\u0000') as [string, string];
      let members = bindings;
      if (scope !== ALL) {
        const exported = [fqdn, ...wildcardCandidates(fqdn).filter((c) => c !== fqdn)].flatMap((h) => groups.get(`${ALL}\u0000${h}`) ?? []);
        members = [...bindings, ...exported];
      }
      const distinct = new Map<string, Binding>();
      for (const b of members) if (!distinct.has(b.vs.uid)) distinct.set(b.vs.uid, b);
      if (distinct.size < 2) continue;
      for (const binding of distinct.values()) {
        const id = `${binding.vs.uid}\u0000${binding.fqdn}`;
        const entry = conflicts.get(id) ?? { binding, others: new Map<string, Binding>() };
        for (const other of distinct.values()) if (other.vs !== binding.vs) entry.others.set(other.vs.uid, other);
        conflicts.set(id, entry);
      }
    }

    for (const { binding, others } of conflicts.values()) {
      const all = [binding.vs, ...[...others.values()].map((o) => o.vs)].sort((a, b) => a.order - b.order);
      const hostText = binding.fqdn;
      yield {
        resource: binding.vs,
        path: binding.path,
        message:
          `VirtualService ${nameList(all)} ${all.length === 2 ? 'both' : 'all'} bind host ${hostText} to the mesh; ` +
          `only one of them is used for sidecar traffic (which one is undefined), so the routes of the others have no effect.`,
        fix:
          `Merge the routes of ${nameList(all)} into a single VirtualService for ${hostText}, or remove ${hostText} from all but one of them. ` +
          `Splitting a host into fragments works only for VirtualServices bound to a gateway.`,
        related: [...others.values()].map((o) => ({ resource: o.vs, path: o.path })),
      };
    }
  },
});
