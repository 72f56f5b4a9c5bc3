// Which DestinationRule a client sidecar uses for a host, and the TLS it then originates.
// Istio 1.0 treats DestinationRules as global; from 1.1 a client looks in its own namespace first,
// then in the service's namespace, then in the root namespace (honouring exportTo); a rule in a
// third namespace only applies to clients in that namespace.
import type { Path, Resource, RuleContext } from '../types.ts';
import { asInt, asRecord, asString, dig, indexedRecords, stringList } from './object.ts';
import { ROOT_NAMESPACE } from './mtls-server.ts';
import { FACTS } from '../version-facts.ts';

export type ClientTls = 'ISTIO_MUTUAL' | 'PLAIN' | 'AUTO' | 'OTHER';

export interface ClientSetting {
  readonly tls: ClientTls;
  readonly dr?: Resource;
  /** Field to point at: the tls mode when set, else the trafficPolicy (or spec) that lacks it. */
  readonly path: Path;
  /** Whether the mode was written explicitly (DISABLE/SIMPLE) rather than implied by a missing `tls`. */
  readonly explicit: boolean;
  /** The tls.mode as written, when explicit. */
  readonly mode?: string;
}

interface DrEntry {
  readonly dr: Resource;
  readonly host: string;
  readonly wildcard: boolean;
}

export class ClientRules {
  private readonly wildcards: DrEntry[] = [];

  constructor(private readonly ctx: RuleContext) {
    for (const dr of ctx.index.ofKind('DestinationRule')) {
      const raw = asString(dig(dr.object, 'spec', 'host'));
      if (!raw) continue;
      const host = ctx.hosts.fqdn(raw, dr.namespace);
      if (host.includes('*')) this.wildcards.push({ dr, host, wildcard: true });
    }
  }

  /** Wildcard DestinationRules (`*.local`, `*`, `*.ns.svc.cluster.local`), in input order. */
  wildcardRules(): readonly DrEntry[] {
    return this.wildcards;
  }

  /** DestinationRules whose host covers `fqdn`, exact ones first. */
  matching(fqdn: string): DrEntry[] {
    const exact = this.ctx.index.destinationRulesForHost(fqdn).map((dr) => ({ dr, host: fqdn, wildcard: false }));
    const wild = this.wildcards.filter((entry) => entry.host !== fqdn && this.ctx.hosts.matches(entry.host, fqdn));
    return [...exact, ...wild];
  }

  /** The DestinationRule a client in `clientNs` uses for `fqdn`. */
  effective(fqdn: string, clientNs: string, candidates: readonly DrEntry[] = this.matching(fqdn)): DrEntry | undefined {
    if (!this.ctx.atLeast(FACTS.exportTo.since)) return mostSpecific(candidates);
    const visible = candidates.filter((entry) => exportedTo(entry.dr, clientNs));
    const serviceNs = this.ctx.hosts.serviceOf(fqdn)?.namespace;
    return (
      mostSpecific(visible.filter((e) => e.dr.namespace === clientNs)) ??
      mostSpecific(visible.filter((e) => serviceNs !== undefined && e.dr.namespace === serviceNs)) ??
      mostSpecific(visible.filter((e) => e.dr.namespace === ROOT_NAMESPACE))
    );
  }

  /** TLS the client originates toward `port` (undefined = no specific port) through `dr`. */
  setting(dr: Resource | undefined, port: number | undefined): ClientSetting {
    const autoMtls = this.ctx.mesh.autoMtls;
    if (!dr) return { tls: autoMtls ? 'AUTO' : 'PLAIN', path: [], explicit: false };
    const policy = asRecord(dig(dr.object, 'spec', 'trafficPolicy'));
    if (port !== undefined && policy) {
      for (const { item, index } of indexedRecords(policy['portLevelSettings'])) {
        if (asInt(dig(item, 'port', 'number')) !== port || !asRecord(item['tls'])) continue;
        return fromTls(item['tls'], ['spec', 'trafficPolicy', 'portLevelSettings', index, 'tls', 'mode'], dr, autoMtls);
      }
    }
    if (policy && asRecord(policy['tls'])) return fromTls(policy['tls'], ['spec', 'trafficPolicy', 'tls', 'mode'], dr, autoMtls);
    // A DestinationRule without tls replaces, not inherits, a wider rule's ISTIO_MUTUAL (§2).
    return { tls: autoMtls ? 'AUTO' : 'PLAIN', dr, path: policy ? ['spec', 'trafficPolicy'] : ['spec'], explicit: false };
  }
}

function fromTls(tls: unknown, path: Path, dr: Resource, autoMtls: boolean): ClientSetting {
  const mode = asString(dig(tls, 'mode'))?.toUpperCase() ?? 'DISABLE';
  if (mode === 'ISTIO_MUTUAL') return { tls: 'ISTIO_MUTUAL', dr, path, explicit: true, mode };
  if (mode === 'DISABLE' || mode === 'SIMPLE') return { tls: 'PLAIN', dr, path, explicit: true, mode };
  if (mode === 'MUTUAL') return { tls: 'OTHER', dr, path, explicit: true, mode };
  return { tls: autoMtls ? 'AUTO' : 'PLAIN', dr, path, explicit: false };
}

function exportedTo(dr: Resource, clientNs: string): boolean {
  const exportTo = stringList(dig(dr.object, 'spec', 'exportTo'));
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === clientNs || (e === '.' && dr.namespace === clientNs));
}

/** Exact host beats any wildcard; a longer wildcard beats a shorter one; then input order. */
function mostSpecific(entries: readonly DrEntry[]): DrEntry | undefined {
  let best: DrEntry | undefined;
  for (const entry of entries) {
    if (!best || rank(entry) > rank(best)) best = entry;
  }
  return best;
}

function rank(entry: DrEntry): number {
  return entry.wildcard ? entry.host.length : Number.MAX_SAFE_INTEGER;
}

export function isMeshWideHost(host: string): boolean {
  return host === '*' || host === '*.local' || host === '*.cluster.local' || host === '*.svc.cluster.local';
}
