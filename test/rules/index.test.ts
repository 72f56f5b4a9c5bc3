import { describe, expect, it } from 'vitest';
import { createHostResolver } from '../../src/rules/hosts.ts';
import { buildIndex } from '../../src/rules/index.ts';
import { DEFAULT_LIMITS } from '../../src/rules/limits.ts';
import { ParseBudget, parseManifests } from '../../src/rules/manifests.ts';

const text = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: reviews-short, namespace: default}
spec: {hosts: [reviews, reviews.default.svc.cluster.local]}
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: reviews-fqdn, namespace: prod}
spec: {hosts: [reviews.default.svc.cluster.local]}
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec: {host: reviews}
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: all, namespace: istio-system}
spec: {host: "*.local"}
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: ns-wide, namespace: prod}
spec: {host: "*.prod.svc.cluster.local"}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec: {selector: {app: reviews}}
---
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: ext, namespace: default}
spec: {hosts: ["*.example.com", api.stripe.com]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: default}
spec: {template: {metadata: {labels: {app: reviews, version: v1}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: reviews-v2-pod, namespace: default, labels: {app: reviews, version: v2}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: other-ns, namespace: prod}
spec: {template: {metadata: {labels: {app: reviews, version: v1}}}}
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata: {name: gw, namespace: istio-system}
`;

const { resources } = parseManifests([{ file: 'x', text }], 'manifests', new ParseBudget(DEFAULT_LIMITS));
const index = buildIndex(resources, createHostResolver(resources.map((r) => r.namespace)));
const names = (list: readonly { name: string }[]) => list.map((r) => r.name);

describe('buildIndex', () => {
  it('looks up by kind and name', () => {
    expect(names(index.ofKind('VirtualService'))).toEqual(['reviews-short', 'reviews-fqdn']);
    expect(index.has('Gateway')).toBe(true);
    expect(index.has('Sidecar')).toBe(false);
    expect(index.get('Service', 'default', 'reviews')?.kind).toBe('Service');
    expect(index.get('Service', 'prod', 'reviews')).toBeUndefined();
  });

  it('maps VirtualServices by resolved host, once per VirtualService', () => {
    expect(names(index.virtualServicesForHost('reviews.default.svc.cluster.local'))).toEqual(['reviews-short', 'reviews-fqdn']);
  });

  it('finds DestinationRules by host, most specific first', () => {
    expect(names(index.destinationRulesForHost('reviews.default.svc.cluster.local'))).toEqual(['reviews']);
    expect(index.mostSpecificDestinationRule('reviews.default.svc.cluster.local')?.name).toBe('reviews');
    expect(index.mostSpecificDestinationRule('x.prod.svc.cluster.local')?.name).toBe('ns-wide');
    expect(index.mostSpecificDestinationRule('x.other.svc.cluster.local')?.name).toBe('all');
    expect(index.mostSpecificDestinationRule('myapp.com')).toBeUndefined();
  });

  it('knows hosts from Services and ServiceEntries (wildcards included)', () => {
    expect(index.serviceByFqdn('reviews.default.svc.cluster.local')?.name).toBe('reviews');
    expect(index.hostIsKnown('reviews.default.svc.cluster.local')).toBe(true);
    expect(index.hostIsKnown('api.stripe.com')).toBe(true);
    expect(index.hostIsKnown('www.example.com')).toBe(true);
    expect(index.hostIsKnown('ratings.default.svc.cluster.local')).toBe(false);
  });

  it('honours ServiceEntry exportTo when asked from a namespace', () => {
    const scoped = `apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: local-only, namespace: team}
spec: {hosts: ["*"], exportTo: ["."]}
`;
    const parsed = parseManifests([{ file: 'y', text: scoped }], 'manifests', new ParseBudget(DEFAULT_LIMITS)).resources;
    const idx = buildIndex(parsed, createHostResolver(['team']));
    expect(idx.hostIsKnown('x.default.svc.cluster.local')).toBe(true);
    expect(idx.hostIsKnown('x.default.svc.cluster.local', 'default')).toBe(false);
    expect(idx.hostIsKnown('x.default.svc.cluster.local', 'team')).toBe(true);
  });

  it('matches workloads by namespace and selector, and services selecting a workload', () => {
    expect(index.hasWorkloads).toBe(true);
    expect(names(index.workloadsMatching('default', { app: 'reviews' }))).toEqual(['reviews-v1', 'reviews-v2-pod']);
    expect(names(index.workloadsMatching('default', { app: 'reviews', version: 'v2' }))).toEqual(['reviews-v2-pod']);
    expect(index.workloadsMatching('default', { app: 'reviews', version: 'v9' })).toEqual([]);
    const deployment = index.get('Deployment', 'default', 'reviews-v1')!;
    expect(index.podLabels(deployment)).toEqual({ app: 'reviews', version: 'v1' });
    expect(names(index.servicesSelecting(deployment))).toEqual(['reviews']);
    expect(index.servicesSelecting(index.get('Deployment', 'prod', 'other-ns')!)).toEqual([]);
  });

  it('resolves gateway references relative to the VirtualService namespace', () => {
    expect(index.gateway('istio-system/gw', 'default')?.name).toBe('gw');
    expect(index.gateway('gw.istio-system', 'default')?.name).toBe('gw');
    expect(index.gateway('gw.istio-system.svc.cluster.local', 'default')?.name).toBe('gw');
    expect(index.gateway('gw', 'istio-system')?.name).toBe('gw');
    expect(index.gateway('gw', 'default')).toBeUndefined();
  });
});
