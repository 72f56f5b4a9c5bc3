// Every rule the engine runs by default, sorted by id. A rule is one file in ./checks/.
import type { Rule } from './types.ts';

// --- engine's rules ---
import drDuplicateSubset from './checks/dr-duplicate-subset.ts';
import drDuplicateTrafficPolicy from './checks/dr-duplicate-traffic-policy.ts';
import drSubsetSelectsNoPods from './checks/dr-subset-selects-no-pods.ts';
import subsetChangeOrder from './checks/subset-change-order.ts';
import vsDestinationHostUnknown from './checks/vs-destination-host-unknown.ts';
import vsFragmentCatchAll from './checks/vs-fragment-catch-all.ts';
import vsFragmentOverlap from './checks/vs-fragment-overlap.ts';
import vsGatewayNotFound from './checks/vs-gateway-not-found.ts';
import vsMeshHostConflict from './checks/vs-mesh-host-conflict.ts';
import vsSubsetNotDefined from './checks/vs-subset-not-defined.ts';

import gatewayHttpsPortNameConflict from './checks/gateway-https-port-name-conflict.ts';
import gatewayRouteIgnoresSubsets from './checks/gateway-route-ignores-subsets.ts';
import headlessTcpMtls from './checks/headless-tcp-mtls.ts';
import mtlsConflict from './checks/mtls-conflict.ts';
import nginxProxyHttpVersion from './checks/nginx-proxy-http-version.ts';
import podPortProtocolConflict from './checks/pod-port-protocol-conflict.ts';
import servicePortName from './checks/service-port-name.ts';
import vsMeshWildcardHost from './checks/vs-mesh-wildcard-host.ts';
import workloadMissingLabels from './checks/workload-missing-labels.ts';

const all: Rule[] = [
  drDuplicateSubset,
  drDuplicateTrafficPolicy,
  drSubsetSelectsNoPods,
  subsetChangeOrder,
  vsDestinationHostUnknown,
  vsFragmentCatchAll,
  vsFragmentOverlap,
  vsGatewayNotFound,
  vsMeshHostConflict,
  vsSubsetNotDefined,
  gatewayHttpsPortNameConflict,
  gatewayRouteIgnoresSubsets,
  headlessTcpMtls,
  mtlsConflict,
  nginxProxyHttpVersion,
  podPortProtocolConflict,
  servicePortName,
  vsMeshWildcardHost,
  workloadMissingLabels,
];

export const rules: readonly Rule[] = all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export function findRule(id: string): Rule | undefined {
  return rules.find((rule) => rule.id === id);
}
