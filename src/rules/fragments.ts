// Gateway-bound VirtualService "fragments": VirtualServices for the same host on the same gateway,
// which Istio (1.0.1+) merges into one route table with an undefined order across fragments.
import { asArray, asRecord, asString, dig } from './access.ts';
import { MESH_GATEWAY, gatewayKey, gatewayServers, vsGateways, vsHosts } from './istio.ts';
import type { Path, Resource, RuleContext } from './types.ts';

export interface FragmentGroup {
  readonly host: string;
  /** `namespace/name` of the gateway. */
  readonly gateway: string;
  /** Distinct VirtualServices, in input order (at least two). */
  readonly fragments: readonly Resource[];
}

/**
 * VirtualServices merge only where one Gateway server admits them all: the server's `hosts`
 * (`host`, `ns/host`, `./host`, wildcards) must admit the VirtualService host from its namespace,
 * and servers on different ports (or different terminating HTTPS servers) have different route
 * tables. A Gateway that is not in the input admits everything: nothing says otherwise.
 */
export function fragmentGroups(ctx: RuleContext): FragmentGroup[] {
  const groups = new Map<string, { host: string; gateway: string; fragments: Resource[] }>();
  for (const vs of ctx.index.ofKind('VirtualService')) {
    const gateways = new Set(vsGateways(vs).filter((g) => g.value !== MESH_GATEWAY).map((g) => gatewayKey(g.value, vs.namespace)));
    if (gateways.size === 0) continue;
    const hosts = new Map(vsHosts(vs).map((h) => [ctx.hosts.fqdn(h.value, vs.namespace), h.value]));
    for (const gateway of gateways) {
      const [gwNamespace = '', gwName = ''] = gateway.split('/');
      const resource = ctx.index.get('Gateway', gwNamespace, gwName);
      for (const [host, raw] of hosts) {
        for (const table of routeTables(ctx, resource, raw, vs.namespace)) {
          const key = `${gateway}\u0000${table}\u0000${host}`;
          const group = groups.get(key);
          if (!group) groups.set(key, { host, gateway, fragments: [vs] });
          else if (!group.fragments.includes(vs)) group.fragments.push(vs);
        }
      }
    }
  }
  return [...groups.values()].filter((g) => g.fragments.length > 1);
}

/** The route tables of a Gateway that serve `host` of a VirtualService in `vsNamespace`. */
function routeTables(ctx: RuleContext, gateway: Resource | undefined, host: string, vsNamespace: string): string[] {
  if (!gateway) return ['*'];
  const tables = new Set<string>();
  for (const server of gatewayServers(gateway)) {
    if (!server.hosts.some((entry) => ctx.hosts.serverAdmits(entry, gateway.namespace, host, vsNamespace))) continue;
    tables.add(server.terminatesTls ? `${server.port ?? '?'}#${server.index}` : String(server.port ?? '?'));
  }
  return [...tables];
}

export interface HttpMatch {
  readonly vs: Resource;
  /** Path of the match entry (`spec.http[i].match[j]`), or of the rule when it has no match. */
  readonly path: Path;
  readonly rulePath: Path;
  readonly match: Readonly<Record<string, unknown>> | undefined;
}

/** The HTTP rules' match entries of a fragment that apply on `gateway` (per-match `gateways` honoured). */
export function* matchesOnGateway(vs: Resource, gateway: string): Generator<HttpMatch> {
  const rules = asArray(dig(vs.object, 'spec', 'http'));
  for (let i = 0; i < rules.length; i++) {
    const rule = asRecord(rules[i]);
    if (!rule) continue;
    const rulePath: Path = ['spec', 'http', i];
    const matches = asArray(rule['match']);
    if (matches.length === 0) {
      yield { vs, path: rulePath, rulePath, match: undefined };
      continue;
    }
    for (let j = 0; j < matches.length; j++) {
      const match = asRecord(matches[j]);
      if (!match) continue;
      const only = asArray(match['gateways']).filter((g): g is string => typeof g === 'string');
      if (only.length > 0 && !only.some((g) => g !== MESH_GATEWAY && gatewayKey(g, vs.namespace) === gateway)) continue;
      yield { vs, path: [...rulePath, 'match', j], rulePath, match };
    }
  }
}

/** Conditions besides `uri` that narrow a match (`gateways` is handled by `matchesOnGateway`). */
export function otherConditions(match: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(match).filter(([key, value]) => key !== 'uri' && key !== 'gateways' && key !== 'name' && value !== null && value !== undefined);
}

export interface UriMatch {
  readonly type: 'exact' | 'prefix' | 'regex';
  readonly value: string;
}

export function uriOf(match: Readonly<Record<string, unknown>>): UriMatch | undefined {
  const uri = asRecord(match['uri']);
  if (!uri) return undefined;
  for (const type of ['exact', 'prefix', 'regex'] as const) {
    const value = asString(uri[type]);
    if (value !== undefined) return { type, value };
  }
  return undefined;
}

/**
 * Catch-all as Istio's route builder sees it (plus the obvious `.*`): no match at all, or a match
 * with no condition but a URI of `prefix: /`, `regex: *` or `regex: .*` (or no URI at all).
 */
export function isCatchAll(m: HttpMatch): boolean {
  if (!m.match) return true;
  if (otherConditions(m.match).length > 0) return false;
  const uri = uriOf(m.match);
  if (!uri) return asRecord(m.match['uri']) === undefined;
  return (uri.type === 'prefix' && uri.value === '/') || (uri.type === 'regex' && (uri.value === '*' || uri.value === '.*'));
}
