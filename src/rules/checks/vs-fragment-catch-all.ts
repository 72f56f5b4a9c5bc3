// §1: when gateway fragments of one host are merged, all catch-all rules move to the end; the first
// one applied catches everything and the others never match.
import { fragmentGroups, isCatchAll, matchesOnGateway, type HttpMatch } from '../fragments.ts';
import { nameList } from '../istio.ts';
import { defineRule, type RuleFinding } from '../types.ts';

export default defineRule({
  id: 'vs-fragment-catch-all',
  title: 'More than one catch-all rule across VirtualService fragments',
  severity: 'WARNING',
  kinds: ['VirtualService'],
  entryKey: 'multiple-virtual-services-and-destination-rules-for-the-same-host',
  versions: { from: '1.0' },
  description:
    'Several VirtualServices bound to the same gateway for the same host (fragments that Istio merges) each have a ' +
    'catch-all rule (no match, or `uri: {prefix: /}` / `regex: .*` with no other condition). Merging moves all catch-all ' +
    'rules to the end, and whichever is applied first overrides and disables the others.',
  *check(ctx): Generator<RuleFinding> {
    for (const group of fragmentGroups(ctx)) {
      const catchAlls: HttpMatch[] = [];
      for (const vs of group.fragments) {
        const seenRules = new Set<string>();
        for (const m of matchesOnGateway(vs, group.gateway)) {
          const ruleKey = m.rulePath.join('.');
          if (seenRules.has(ruleKey) || !isCatchAll(m)) continue;
          seenRules.add(ruleKey);
          catchAlls.push(m);
        }
      }
      const owners = [...new Set(catchAlls.map((m) => m.vs))];
      if (owners.length < 2) continue;
      for (const m of catchAlls) {
        const others = owners.filter((vs) => vs !== m.vs);
        yield {
          resource: m.vs,
          path: m.rulePath,
          message:
            `VirtualService ${nameList(owners)} each have a catch-all rule for host ${group.host} on gateway ${group.gateway}; ` +
            `merged fragments put all catch-all rules last and only the first one applied is used, so the others never match.`,
          fix:
            `Keep a single catch-all rule for ${group.host} across the fragments (for example in one default-route VirtualService) ` +
            `and give the rules of the other fragments specific matches (uri prefix, headers).`,
          related: others.map((resource) => ({ resource })),
        };
      }
    }
  },
});
