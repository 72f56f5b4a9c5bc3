// §1: merged DestinationRules keep the first top-level trafficPolicy; later ones are dropped.
import { asRecord, dig } from '../access.ts';
import { mergeGroups } from '../subsets.ts';
import { defineRule, type Resource, type RuleFinding } from '../types.ts';

export default defineRule({
  id: 'dr-duplicate-traffic-policy',
  title: 'Several DestinationRules for one host with a top-level trafficPolicy',
  severity: 'WARNING',
  kinds: ['DestinationRule'],
  entryKey: 'multiple-virtual-services-and-destination-rules-for-the-same-host',
  versions: {},
  description:
    'More than one DestinationRule for the same host sets a top-level `trafficPolicy`. When Istio merges DestinationRules ' +
    'only the first top-level traffic policy is used and the others are discarded, so their TLS, load-balancing or ' +
    'connection-pool settings silently do not apply. The first is taken in input order.',
  *check(ctx): Generator<RuleFinding> {
    for (const group of mergeGroups(ctx)) {
      let first: Resource | undefined;
      for (const dr of group.rules) {
        if (!asRecord(dig(dr.object, 'spec', 'trafficPolicy'))) continue;
        if (!first) {
          first = dr;
          continue;
        }
        yield {
          resource: dr,
          path: ['spec', 'trafficPolicy'],
          message:
            `DestinationRules ${first.namespace}/${first.name} and ${dr.namespace}/${dr.name} both set a top-level trafficPolicy for host ` +
            `${group.host}; only the first is used and the trafficPolicy of ${dr.namespace}/${dr.name} is discarded.`,
          fix:
            `Keep one top-level trafficPolicy for ${group.host}: merge the settings of ${dr.namespace}/${dr.name} into ` +
            `${first.namespace}/${first.name} and remove its top-level trafficPolicy (subset-level policies are fine).`,
          related: [{ resource: first, path: ['spec', 'trafficPolicy'] }],
        };
      }
    }
  },
});
