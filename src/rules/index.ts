// The ResourceIndex: every lookup a rule needs, built once per run in one pass over the resources,
// so that rules stay near-linear instead of comparing all pairs.
import { asArray, asLabels, dig, isEmpty, selectorMatches } from './access.ts';
import { wildcardCandidates } from './hosts.ts';
import { drHost, gatewayKey, isVisibleIn, vsHosts } from './istio.ts';
import type { HostResolver, Labels, Resource, ResourceIndex } from './types.ts';

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'DeploymentConfig',
  'Rollout',
]);

const EMPTY: readonly Resource[] = [];

function push<K>(map: Map<K, Resource[]>, key: K, resource: Resource): void {
  const list = map.get(key);
  if (list) list.push(resource);
  else map.set(key, [resource]);
}

function pairKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
}

export function podLabelsOf(workload: Resource): Labels {
  if (workload.kind === 'Pod') return workload.labels;
  if (workload.kind === 'CronJob') return asLabels(dig(workload.object, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'));
  return asLabels(dig(workload.object, 'spec', 'template', 'metadata', 'labels'));
}

/**
 * Argo Rollouts' ephemeral metadata: the labels a Rollout merges into the pod template of its canary
 * or preview ReplicaSet (canaryMetadata, previewMetadata) and of its stable or active one
 * (stableMetadata, activeMetadata), so its pods carry the template's labels plus one of these sets.
 * Source: https://argoproj.github.io/argo-rollouts/features/ephemeral-metadata/ (canary since
 * v0.10, blue-green since v1.0).
 */
const ROLLOUT_METADATA = [
  ['canary', 'canaryMetadata'],
  ['canary', 'stableMetadata'],
  ['blueGreen', 'previewMetadata'],
  ['blueGreen', 'activeMetadata'],
] as const;

/** Every label set a workload's pods can carry: the template's, and for a Rollout each ephemeral variant. */
export function podLabelVariantsOf(workload: Resource): readonly Labels[] {
  const base = podLabelsOf(workload);
  if (workload.kind !== 'Rollout') return [base];
  const variants: Labels[] = [base];
  for (const [strategy, field] of ROLLOUT_METADATA) {
    const extra = asLabels(dig(workload.object, 'spec', 'strategy', strategy, field, 'labels'));
    if (!isEmpty(extra)) variants.push({ ...base, ...extra });
  }
  return variants;
}

export function buildIndex(resources: readonly Resource[], hosts: HostResolver): ResourceIndex {
  const byKind = new Map<string, Resource[]>();
  const byName = new Map<string, Resource>();
  const vsByHost = new Map<string, Resource[]>();
  const drByHost = new Map<string, Resource[]>();
  const services = new Map<string, Resource>();
  const entryHosts = new Map<string, Resource[]>();
  const workloadsByPair = new Map<string, Resource[]>();
  const workloadsByNamespace = new Map<string, Resource[]>();
  const servicesByFirstPair = new Map<string, Resource[]>();
  const podLabelCache = new Map<Resource, readonly Labels[]>();
  const gateways = new Map<string, Resource>();
  const gatewayApiGateways = new Map<string, Resource>();

  for (const r of resources) {
    // A Gateway API `Gateway` (gateway.networking.k8s.io) shares the kind name but not the meaning.
    if (r.kind === 'Gateway' && !r.apiVersion.startsWith('networking.istio.io/')) {
      const key = `${r.namespace}/${r.name}`;
      if (r.apiVersion.startsWith('gateway.networking.k8s.io/') && !gatewayApiGateways.has(key)) gatewayApiGateways.set(key, r);
      continue;
    }
    push(byKind, r.kind, r);
    const nameKey = `${r.kind}\u0000${r.namespace}\u0000${r.name}`;
    // Duplicates: the first object wins, as `kubectl apply` of the later one would overwrite it
    // only in the cluster, not in this snapshot.
    if (!byName.has(nameKey)) byName.set(nameKey, r);
    switch (r.kind) {
      case 'VirtualService': {
        const seen = new Set<string>();
        for (const host of vsHosts(r)) {
          const fqdn = hosts.fqdn(host.value, r.namespace);
          if (!seen.has(fqdn)) push(vsByHost, fqdn, r);
          seen.add(fqdn);
        }
        break;
      }
      case 'DestinationRule': {
        const host = drHost(r);
        if (host !== undefined) push(drByHost, hosts.fqdn(host, r.namespace), r);
        break;
      }
      case 'Service': {
        const fqdn = `${r.name}.${r.namespace}.svc.cluster.local`.toLowerCase();
        if (!services.has(fqdn)) services.set(fqdn, r);
        const selector = asLabels(dig(r.object, 'spec', 'selector'));
        const first = Object.entries(selector)[0];
        if (first) push(servicesByFirstPair, pairKey(r.namespace, first[0], first[1]), r);
        break;
      }
      case 'ServiceEntry':
        for (const host of asArray(dig(r.object, 'spec', 'hosts'))) {
          if (typeof host === 'string') push(entryHosts, hosts.fqdn(host, r.namespace), r);
        }
        break;
      case 'Gateway': {
        const key = `${r.namespace}/${r.name}`;
        if (!gateways.has(key)) gateways.set(key, r);
        break;
      }
      default:
        if (WORKLOAD_KINDS.has(r.kind)) {
          const variants = podLabelVariantsOf(r);
          podLabelCache.set(r, variants);
          push(workloadsByNamespace, r.namespace, r);
          const pairs = new Set<string>();
          for (const labels of variants) for (const [k, v] of Object.entries(labels)) pairs.add(pairKey(r.namespace, k, v));
          for (const pair of pairs) push(workloadsByPair, pair, r);
        }
    }
  }

  const podLabelVariants = (workload: Resource): readonly Labels[] => podLabelCache.get(workload) ?? podLabelVariantsOf(workload);
  const podLabels = (workload: Resource): Labels => podLabelVariants(workload)[0] ?? {};

  const mostSpecific = (map: Map<string, Resource[]>, fqdn: string): readonly Resource[] | undefined => {
    const exact = map.get(fqdn);
    if (exact) return exact;
    for (const candidate of wildcardCandidates(fqdn)) {
      const list = map.get(candidate);
      if (list && candidate !== fqdn) return list;
    }
    return undefined;
  };

  /** Services and ServiceEntries for a host, visible or not (wildcard ServiceEntry hosts included). */
  const providers = (fqdn: string): Resource[] => {
    const out: Resource[] = [];
    const service = services.get(fqdn);
    if (service) out.push(service);
    out.push(...(entryHosts.get(fqdn) ?? EMPTY));
    for (const candidate of wildcardCandidates(fqdn)) if (candidate !== fqdn) out.push(...(entryHosts.get(candidate) ?? EMPTY));
    return out;
  };

  return {
    resources,
    ofKind: (kind) => byKind.get(kind) ?? EMPTY,
    has: (kind) => byKind.has(kind),
    get: (kind, namespace, name) => byName.get(`${kind}\u0000${namespace}\u0000${name}`),
    virtualServicesForHost: (fqdn) => vsByHost.get(fqdn) ?? EMPTY,
    destinationRulesForHost: (fqdn) => drByHost.get(fqdn) ?? EMPTY,
    mostSpecificDestinationRule: (fqdn) => mostSpecific(drByHost, fqdn)?.[0],
    serviceByFqdn: (fqdn) => services.get(fqdn),
    hostIsKnown: (fqdn, fromNamespace) => providers(fqdn).some((r) => fromNamespace === undefined || isVisibleIn(r, fromNamespace)),
    hostProviders: (fqdn) => providers(fqdn),
    workloadsMatching: (namespace, selector) => {
      // Start from the rarest label pair of the selector, then check the whole selector.
      let candidates: readonly Resource[] | undefined;
      for (const [k, v] of Object.entries(selector)) {
        const list = workloadsByPair.get(pairKey(namespace, k, v)) ?? EMPTY;
        if (!candidates || list.length < candidates.length) candidates = list;
        if (list.length === 0) break;
      }
      candidates ??= workloadsByNamespace.get(namespace) ?? EMPTY;
      return candidates.filter((w) => podLabelVariants(w).some((labels) => selectorMatches(selector, labels)));
    },
    podLabels,
    podLabelVariants,
    servicesSelecting: (workload) => {
      const out = new Set<Resource>();
      for (const labels of podLabelVariants(workload)) {
        for (const [k, v] of Object.entries(labels)) {
          for (const service of servicesByFirstPair.get(pairKey(workload.namespace, k, v)) ?? EMPTY) {
            const selector = asLabels(dig(service.object, 'spec', 'selector'));
            if (!isEmpty(selector) && selectorMatches(selector, labels)) out.add(service);
          }
        }
      }
      return [...out];
    },
    gateway: (ref, fromNamespace) => gateways.get(gatewayKey(ref, fromNamespace)),
    gatewayApiGateway: (ref, fromNamespace) => gatewayApiGateways.get(gatewayKey(ref, fromNamespace)),
    hasWorkloads: workloadsByNamespace.size > 0,
  };
}
