// §1: the order of rules across merged fragments is undefined, so overlapping matches in different
// fragments (the same URI, or a prefix that also covers another fragment's path) route unpredictably.
import { fragmentGroups, isCatchAll, matchesOnGateway, otherConditions, uriOf, type HttpMatch, type UriMatch } from '../fragments.ts';
import { defineRule, type RuleFinding } from '../types.ts';

interface Entry {
  readonly m: HttpMatch;
  readonly uri: UriMatch;
  readonly conditions: ReadonlyMap<string, string>;
}

function describeUri(uri: UriMatch): string {
  return `uri ${uri.type} "${uri.value}"`;
}

/** Conditions on the same key with different values make two matches disjoint. */
function compatible(a: Entry, b: Entry): boolean {
  for (const [key, value] of a.conditions) {
    const other = b.conditions.get(key);
    if (other !== undefined && other !== value) return false;
  }
  return true;
}

export default defineRule({
  id: 'vs-fragment-overlap',
  title: 'Overlapping matches across VirtualService fragments',
  severity: 'WARNING',
  kinds: ['VirtualService'],
  entryKey: 'multiple-virtual-services-and-destination-rules-for-the-same-host',
  versions: { from: '1.0' },
  description:
    'Gateway-bound VirtualService fragments for the same host have rules whose URI matches overlap: the same path, or a ' +
    'prefix that also covers a path of another fragment. The evaluation order across fragments is undefined, so which ' +
    'route serves these requests can change whenever the configuration is pushed.',
  *check(ctx): Generator<RuleFinding> {
    for (const group of fragmentGroups(ctx)) {
      const entries: Entry[] = [];
      for (const vs of group.fragments) {
        for (const m of matchesOnGateway(vs, group.gateway)) {
          if (!m.match || isCatchAll(m)) continue;
          const uri = uriOf(m.match);
          if (!uri) continue;
          const conditions = new Map(otherConditions(m.match).map(([k, v]) => [k, JSON.stringify(v)]));
          entries.push({ m, uri, conditions });
        }
      }
      const exactKey = (type: string, value: string): string => `${type}\u0000${value}`;
      const byKey = new Map<string, Entry[]>();
      for (const e of entries) {
        const key = exactKey(e.uri.type, e.uri.value);
        const list = byKey.get(key);
        if (list) list.push(e);
        else byKey.set(key, [e]);
      }
      const reported = new Set<string>();
      const pairs: [Entry, Entry][] = [];
      const consider = (a: Entry, b: Entry): void => {
        if (a.m.vs === b.m.vs || !compatible(a, b)) return;
        const key = [a, b].map((e) => `${e.m.vs.uid}:${e.m.path.join('.')}`).sort().join('|');
        if (reported.has(key)) return;
        reported.add(key);
        pairs.push([a, b]);
      };
      for (const e of entries) {
        for (const same of byKey.get(exactKey(e.uri.type, e.uri.value)) ?? []) consider(e, same);
        if (e.uri.type === 'regex') continue;
        // Every shorter prefix of this path that another fragment matches shadows (or is shadowed by) it.
        for (let len = 1; len <= e.uri.value.length; len++) {
          if (len === e.uri.value.length && e.uri.type === 'prefix') break;
          for (const p of byKey.get(exactKey('prefix', e.uri.value.slice(0, len))) ?? []) consider(p, e);
        }
      }
      for (const [a, b] of pairs) {
        for (const [self, other] of [[a, b], [b, a]] as const) {
          yield {
            resource: self.m.vs,
            path: [...self.m.path, 'uri'],
            message:
              `${describeUri(self.uri)} in VirtualService ${self.m.vs.namespace}/${self.m.vs.name} overlaps ${describeUri(other.uri)} in ` +
              `${other.m.vs.namespace}/${other.m.vs.name} (host ${group.host}, gateway ${group.gateway}); the order of rules across ` +
              `fragments is undefined, so either route may serve these requests.`,
            fix:
              `Make the matches disjoint, or move both rules into one VirtualService where their order is kept ` +
              `(the more specific match first).`,
            related: [{ resource: other.m.vs, path: [...other.m.path, 'uri'] }],
          };
        }
      }
    }
  },
});
