// §1: merged DestinationRules keep the first definition of a subset name; later ones are dropped
// without merging their content. "First" is input order here (Pilot uses creation time).
import { drSubsets } from '../istio.ts';
import { mergeGroups } from '../subsets.ts';
import { defineRule, type Path, type Resource, type RuleFinding } from '../types.ts';

export default defineRule({
  id: 'dr-duplicate-subset',
  title: 'Same subset defined in several DestinationRules for one host',
  severity: 'WARNING',
  kinds: ['DestinationRule'],
  entryKey: 'multiple-virtual-services-and-destination-rules-for-the-same-host',
  versions: {},
  description:
    'Two DestinationRules for the same host define a subset with the same name. When Istio merges DestinationRules ' +
    'the first definition is used and later duplicates are discarded (their labels and traffic policy are not merged), ' +
    'so traffic to the subset may reach other pods or use other settings than the later rule says. ' +
    'The first is taken in input order, since a static check cannot see creation times.',
  *check(ctx): Generator<RuleFinding> {
    for (const group of mergeGroups(ctx)) {
      const first = new Map<string, { dr: Resource; path: Path }>();
      for (const dr of group.rules) {
        for (const subset of drSubsets(dr)) {
          const earlier = first.get(subset.name);
          if (!earlier) {
            first.set(subset.name, { dr, path: subset.path });
            continue;
          }
          // A duplicate inside one resource is rejected by Istio's validation; that is not this rule's case.
          if (earlier.dr === dr) continue;
          yield {
            resource: dr,
            path: [...subset.path, 'name'],
            message:
              `Subset "${subset.name}" of host ${group.host} is defined in DestinationRule ${earlier.dr.namespace}/${earlier.dr.name} ` +
              `and again in ${dr.namespace}/${dr.name}; the first definition is used and this one is discarded.`,
            fix:
              `Define subset "${subset.name}" once: remove it from ${dr.namespace}/${dr.name} or rename it, ` +
              `and move any labels or traffic policy you need into the definition in ${earlier.dr.namespace}/${earlier.dr.name}.`,
            related: [{ resource: earlier.dr, path: [...earlier.path, 'name'] }],
          };
        }
      }
    }
  },
});
