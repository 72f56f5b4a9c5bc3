// The one place where host names are normalised. Most false alarms of config analyzers come from
// ad hoc host handling, so every rule goes through this resolver.
import type { HostResolver } from './types.ts';

export const CLUSTER_DOMAIN = 'cluster.local';
const SERVICE_SUFFIX = `.svc.${CLUSTER_DOMAIN}`;

/**
 * `knownNamespaces` decides whether a two-label host such as `reviews.prod` means the Kubernetes
 * service `reviews` in namespace `prod` or an external name such as `myapp.com`: only namespaces
 * seen in the bundle (plus the usual system ones) are treated as namespaces.
 */
export function createHostResolver(knownNamespaces: Iterable<string> = []): HostResolver {
  const namespaces = new Set<string>(['default', 'istio-system', 'kube-system']);
  for (const ns of knownNamespaces) namespaces.add(ns.toLowerCase());
  return {
    fqdn: (host, namespace) => toFqdn(host, namespace, namespaces),
    matches: hostMatches,
    isClusterLocal: (fqdn) => fqdn.endsWith(SERVICE_SUFFIX) && !fqdn.startsWith('*'),
    serviceOf,
    serverAdmits: (entry, gatewayNamespace, vsHost, vsNamespace) => {
      const { namespace, host } = splitServerHost(entry, gatewayNamespace);
      if (namespace !== '*' && namespace !== vsNamespace.toLowerCase()) return false;
      const pattern = toFqdn(host, gatewayNamespace, namespaces);
      const target = toFqdn(vsHost, vsNamespace, namespaces);
      return hostMatches(pattern, target) || hostMatches(target, pattern);
    },
  };
}

/** `ns/host` -> {ns, host}; `./host` is the Gateway's namespace; a bare host means any namespace. */
function splitServerHost(entry: string, gatewayNamespace: string): { namespace: string; host: string } {
  const trimmed = entry.trim().toLowerCase();
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { namespace: '*', host: trimmed };
  const ns = trimmed.slice(0, slash);
  return { namespace: ns === '.' ? gatewayNamespace.toLowerCase() : ns === '' ? '*' : ns, host: trimmed.slice(slash + 1) };
}

function toFqdn(host: string, namespace: string, namespaces: ReadonlySet<string>): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === '' || h === '*' || h.startsWith('*.')) return h;
  if (h.endsWith(SERVICE_SUFFIX)) return h;
  const labels = h.split('.');
  if (labels.length === 1) return `${h}.${namespace.toLowerCase()}${SERVICE_SUFFIX}`;
  if (labels.length === 2 && namespaces.has(labels[1] ?? '')) return `${h}${SERVICE_SUFFIX}`;
  if (labels.length === 3 && labels[2] === 'svc') return `${h}.${CLUSTER_DOMAIN}`;
  return h;
}

/** Whether `pattern` (concrete or wildcard) covers `host` (concrete or wildcard). */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host || pattern === '*') return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1); // ".example.com"
  if (host.startsWith('*.')) return host.length > pattern.length && host.endsWith(suffix);
  return host.length > suffix.length && host.endsWith(suffix);
}

function serviceOf(fqdn: string): { name: string; namespace: string } | undefined {
  if (!fqdn.endsWith(SERVICE_SUFFIX) || fqdn.includes('*')) return undefined;
  const labels = fqdn.slice(0, -SERVICE_SUFFIX.length).split('.');
  if (labels.length !== 2) return undefined;
  const [name, namespace] = labels as [string, string];
  return name && namespace ? { name, namespace } : undefined;
}

/** Wildcard patterns that could cover a concrete host, most specific first: `*.b.c`, `*.c`, `*`. */
export function wildcardCandidates(fqdn: string): string[] {
  const labels = fqdn.split('.');
  const out: string[] = [];
  for (let i = 1; i < labels.length; i++) out.push(`*.${labels.slice(i).join('.')}`);
  out.push('*');
  return out;
}
