// Readers for the Istio networking fields that several rules share (VirtualService hosts,
// gateways, destinations; DestinationRule host and subsets), with their paths for findings.
import { asArray, asLabels, asRecord, asString, dig } from './access.ts';
import { objectName } from './kinds.ts';
import type { Labels, Path, Resource } from './types.ts';

export const MESH_GATEWAY = 'mesh';

export interface Located<T> {
  readonly value: T;
  readonly path: Path;
}

export function vsHosts(vs: Resource): Located<string>[] {
  return strings(dig(vs.object, 'spec', 'hosts'), ['spec', 'hosts']);
}

export function vsGateways(vs: Resource): Located<string>[] {
  return strings(dig(vs.object, 'spec', 'gateways'), ['spec', 'gateways']);
}

/** No `gateways` means the sidecars of the mesh; `mesh` may also be listed next to gateways. */
export function isMeshBound(vs: Resource): boolean {
  const gateways = vsGateways(vs);
  return gateways.length === 0 || gateways.some((g) => g.value === MESH_GATEWAY);
}

export function exportTo(resource: Resource): string[] {
  return asArray(dig(resource.object, 'spec', 'exportTo')).filter((v): v is string => typeof v === 'string');
}

export const SERVICE_EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/**
 * Namespaces a resource is visible in (Istio 1.1+): `spec.exportTo` of VirtualService,
 * DestinationRule and ServiceEntry, the `networking.istio.io/exportTo` annotation of a Service.
 * Empty or `*`: everywhere; `.`: its own namespace; `~`: nowhere.
 */
export function isVisibleIn(resource: Resource, namespace: string): boolean {
  const values =
    resource.kind === 'Service'
      ? (resource.annotations[SERVICE_EXPORT_TO_ANNOTATION] ?? '').split(',').map((v) => v.trim()).filter(Boolean)
      : exportTo(resource).map((v) => v.trim());
  if (values.length === 0 || values.includes('*')) return true;
  return values.some((v) => v === namespace || (v === '.' && resource.namespace === namespace));
}

/** Namespaces whose clients a VirtualService applies to, as far as they can be named: its own, or its explicit exportTo list. */
export function vsClientNamespaces(vs: Resource): string[] {
  const values = exportTo(vs).map((v) => v.trim());
  if (values.length === 0 || values.includes('*')) return [vs.namespace];
  return [...new Set(values.filter((v) => v !== '~').map((v) => (v === '.' ? vs.namespace : v)))];
}

export interface Destination {
  readonly host: string | undefined;
  readonly subset: string | undefined;
  /** Path of the `destination` (or `mirror`) map. */
  readonly path: Path;
  readonly kind: 'route' | 'mirror';
  readonly protocol: 'http' | 'tcp' | 'tls';
}

/** Every route and mirror destination of a VirtualService, in document order. */
export function* vsDestinations(vs: Resource): Generator<Destination> {
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    const rules = asArray(dig(vs.object, 'spec', protocol));
    for (let i = 0; i < rules.length; i++) {
      const rule = asRecord(rules[i]);
      if (!rule) continue;
      const routes = asArray(rule['route']);
      for (let j = 0; j < routes.length; j++) {
        const route = asRecord(routes[j]);
        if (!route) continue;
        // A route entry without `destination` is reported as a destination without host.
        const destination = asRecord(route['destination']) ?? {};
        yield located(destination, [`spec`, protocol, i, 'route', j, 'destination'], 'route', protocol);
      }
      if (protocol !== 'http') continue;
      const mirror = asRecord(rule['mirror']);
      if (mirror) yield located(mirror, ['spec', protocol, i, 'mirror'], 'mirror', protocol);
      const mirrors = asArray(rule['mirrors']);
      for (let k = 0; k < mirrors.length; k++) {
        const destination = asRecord(asRecord(mirrors[k])?.['destination']);
        if (destination) yield located(destination, ['spec', protocol, i, 'mirrors', k, 'destination'], 'mirror', protocol);
      }
    }
  }
}

function located(destination: Readonly<Record<string, unknown>>, path: Path, kind: Destination['kind'], protocol: Destination['protocol']): Destination {
  return { host: asString(destination['host']), subset: asString(destination['subset']), path, kind, protocol };
}

export function drHost(dr: Resource): string | undefined {
  return asString(dig(dr.object, 'spec', 'host'));
}

export interface Subset {
  readonly name: string;
  readonly labels: Labels;
  readonly path: Path;
}

export function drSubsets(dr: Resource): Subset[] {
  const subsets = asArray(dig(dr.object, 'spec', 'subsets'));
  const out: Subset[] = [];
  for (let i = 0; i < subsets.length; i++) {
    const subset = asRecord(subsets[i]);
    const name = asString(subset?.['name']);
    if (subset && name) out.push({ name, labels: asLabels(subset['labels']), path: ['spec', 'subsets', i] });
  }
  return out;
}

/**
 * A VirtualService `gateways` entry as `namespace/name`. Accepts `ns/name` (1.1+), a bare `name`
 * (the VirtualService's namespace) and the 1.0 forms `name.ns` and `name.ns.svc.cluster.local`.
 */
export function gatewayKey(ref: string, fromNamespace: string): string {
  const { namespace, name } = gatewayRef(ref, fromNamespace);
  return `${namespace}/${name}`;
}

/** The Gateway a `gateways` entry names, as its namespace and name (see gatewayKey). */
export function gatewayRef(ref: string, fromNamespace: string): { readonly namespace: string; readonly name: string } {
  const trimmed = ref.trim();
  const slash = trimmed.indexOf('/');
  if (slash >= 0) {
    const ns = trimmed.slice(0, slash);
    return { namespace: ns === '.' || ns === '' ? fromNamespace : ns, name: trimmed.slice(slash + 1) };
  }
  const labels = trimmed.split('.');
  if (labels.length >= 2 && labels[0] && labels[1]) return { namespace: labels[1], name: labels[0] };
  return { namespace: fromNamespace, name: trimmed };
}

export interface GatewayServer {
  readonly index: number;
  /** `hosts` entries as written (`host`, `ns/host`, `./host`, `*\/host`). */
  readonly hosts: readonly string[];
  readonly port: number | undefined;
  readonly protocol: string;
  /** Terminates TLS itself (HTTPS, or TLS not in PASSTHROUGH/AUTO_PASSTHROUGH mode). */
  readonly terminatesTls: boolean;
}

export function gatewayServers(gateway: Resource): GatewayServer[] {
  const out: GatewayServer[] = [];
  asArray(dig(gateway.object, 'spec', 'servers')).forEach((entry, index) => {
    const server = asRecord(entry);
    if (!server) return;
    const protocol = (asString(dig(server, 'port', 'protocol')) ?? '').toUpperCase();
    const mode = (asString(dig(server, 'tls', 'mode')) ?? '').toUpperCase();
    const number = dig(server, 'port', 'number');
    out.push({
      index,
      hosts: asArray(server['hosts']).filter((h): h is string => typeof h === 'string'),
      port: typeof number === 'number' ? number : typeof number === 'string' && /^\d+$/.test(number) ? Number(number) : undefined,
      protocol,
      terminatesTls: (protocol === 'HTTPS' || protocol === 'TLS') && asRecord(server['tls']) !== undefined && !mode.includes('PASSTHROUGH'),
    });
  });
  return out;
}

/**
 * Labels that a subset may select but that no pod template carries: Istio adds the node's locality
 * and name (`topology.kubernetes.io/*`, `failure-domain.beta.kubernetes.io/*`, `topology.istio.io/*`,
 * `kubernetes.io/hostname`) to each endpoint, and the injector adds `security.istio.io/tlsMode` and
 * the canonical-service labels to injected pods. A manifest cannot say whether they match.
 */
export function isLabelAddedOutsideTemplate(key: string): boolean {
  return (
    key.startsWith('topology.kubernetes.io/') ||
    key.startsWith('failure-domain.beta.kubernetes.io/') ||
    key.startsWith('topology.istio.io/') ||
    key === 'kubernetes.io/hostname' ||
    key === 'security.istio.io/tlsMode' ||
    key.startsWith('service.istio.io/canonical-')
  );
}

/** One-line "Kind ns/name" for messages ("Kind name" for a cluster-scoped kind). */
export function refOf(resource: Resource): string {
  return `${resource.kind} ${objectName(resource)}`;
}

/** "default/a, default/b and prod/c" */
export function nameList(resources: readonly Resource[]): string {
  const names = resources.map(objectName);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function strings(value: unknown, base: Path): Located<string>[] {
  const items = asArray(value);
  const out: Located<string>[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === 'string') out.push({ value: item, path: [...base, i] });
  }
  return out;
}
