import { describe, expect, it } from 'vitest';
import { CLUSTER_DOMAIN, createHostResolver, hostMatches, wildcardCandidates } from '../../src/rules/hosts.ts';

const hosts = createHostResolver(['prod', 'bookinfo']);

describe('HostResolver.fqdn', () => {
  it.each([
    ['reviews', 'default', 'reviews.default.svc.cluster.local'],
    ['reviews', 'prod', 'reviews.prod.svc.cluster.local'],
    ['Reviews', 'Prod', 'reviews.prod.svc.cluster.local'],
    ['reviews.prod', 'default', 'reviews.prod.svc.cluster.local'],
    ['reviews.bookinfo', 'prod', 'reviews.bookinfo.svc.cluster.local'],
    ['reviews.prod.svc', 'default', 'reviews.prod.svc.cluster.local'],
    ['reviews.prod.svc.cluster.local', 'default', 'reviews.prod.svc.cluster.local'],
    ['reviews.prod.svc.cluster.local.', 'default', 'reviews.prod.svc.cluster.local'],
    ['myapp.com', 'default', 'myapp.com'], // two labels, but "com" is not a namespace of the bundle
    ['www.google.com', 'prod', 'www.google.com'],
    ['*', 'prod', '*'],
    ['*.local', 'prod', '*.local'],
    ['*.prod.svc.cluster.local', 'default', '*.prod.svc.cluster.local'],
    ['*.example.com', 'default', '*.example.com'],
    ['', 'default', ''],
  ])('%s in %s -> %s', (host, ns, expected) => {
    expect(hosts.fqdn(host, ns)).toBe(expected);
  });

  it('uses the cluster domain constant', () => {
    expect(CLUSTER_DOMAIN).toBe('cluster.local');
  });
});

describe('HostResolver.matches', () => {
  it.each([
    ['*', 'reviews.default.svc.cluster.local', true],
    ['*.local', 'reviews.default.svc.cluster.local', true],
    ['*.default.svc.cluster.local', 'reviews.default.svc.cluster.local', true],
    ['*.prod.svc.cluster.local', 'reviews.default.svc.cluster.local', false],
    ['reviews.default.svc.cluster.local', 'reviews.default.svc.cluster.local', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', true],
    ['*.com', '*.example.com', true],
    ['*.example.com', '*.com', false],
    ['a.example.com', '*.example.com', false],
  ])('%s covers %s: %s', (pattern, host, expected) => {
    expect(hosts.matches(pattern, host)).toBe(expected);
    expect(hostMatches(pattern, host)).toBe(expected);
  });
});

describe('HostResolver helpers', () => {
  it('knows cluster-local names and their service', () => {
    expect(hosts.isClusterLocal('reviews.default.svc.cluster.local')).toBe(true);
    expect(hosts.isClusterLocal('*.default.svc.cluster.local')).toBe(false);
    expect(hosts.isClusterLocal('myapp.com')).toBe(false);
    expect(hosts.serviceOf('reviews.prod.svc.cluster.local')).toEqual({ name: 'reviews', namespace: 'prod' });
    expect(hosts.serviceOf('a.b.c.svc.cluster.local')).toBeUndefined();
    expect(hosts.serviceOf('*.prod.svc.cluster.local')).toBeUndefined();
    expect(hosts.serviceOf('myapp.com')).toBeUndefined();
  });

  it('lists wildcard candidates most specific first', () => {
    expect(wildcardCandidates('a.b.c')).toEqual(['*.b.c', '*.c', '*']);
  });
});
