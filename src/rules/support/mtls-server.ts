// What a server-side sidecar accepts, from the authentication policies in the bundle:
// MeshPolicy / Policy (authentication.istio.io/v1alpha1, Istio 1.0–1.5) and PeerAuthentication
// (security.istio.io, 1.5+). Most specific wins: port > workload/service > namespace > mesh.
import type { Labels, Path, Resource, RuleContext } from '../types.ts';
import { asArray, asInt, asRecord, asString, dig, has, indexedRecords } from './object.ts';
import { FACTS } from '../version-facts.ts';

export const ROOT_NAMESPACE = 'istio-system';

export type ServerMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface ServerPolicy {
  readonly mode: ServerMode;
  /** The policy that decided; absent when the mode is the version's default. */
  readonly source?: Resource;
  readonly path: Path;
  readonly scope: 'mesh' | 'namespace' | 'service' | 'port' | 'default' | 'no-sidecar';
  /** For 'no-sidecar': the workload without a proxy. */
  readonly workload?: Resource;
}

export interface ServicePort {
  readonly number?: number;
  readonly name?: string;
  readonly targetPort?: number;
}

/** Legacy `peers: [{mtls: {...}}]`: an entry with the `mtls` key (even null) requires mTLS unless PERMISSIVE. */
function legacyMode(policy: Resource): ServerMode {
  for (const peer of asArray(dig(policy.object, 'spec', 'peers'))) {
    if (!has(peer, 'mtls')) continue;
    const mode = asString(dig(peer, 'mtls', 'mode'))?.toUpperCase();
    return mode === 'PERMISSIVE' ? 'PERMISSIVE' : 'STRICT';
  }
  return 'DISABLE';
}

function peerAuthMode(value: unknown): ServerMode | undefined {
  const mode = asString(dig(value, 'mode'))?.toUpperCase();
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}

function selectorOf(resource: Resource): Labels | undefined {
  const labels = asRecord(dig(resource.object, 'spec', 'selector', 'matchLabels'));
  if (!labels) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function labelsContain(labels: Labels, selector: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Policies indexed once per run so that each service lookup is a map access. */
export class ServerPolicies {
  private readonly meshPolicy?: Resource;
  private readonly nsPolicy = new Map<string, Resource>();
  private readonly targeted = new Map<string, Resource[]>();
  private readonly meshPeerAuth?: Resource;
  private readonly nsPeerAuth = new Map<string, Resource>();
  private readonly workloadPeerAuth = new Map<string, Resource[]>();
  readonly useLegacy: boolean;
  readonly usePeerAuth: boolean;

  constructor(private readonly ctx: RuleContext) {
    const { index } = ctx;
    this.useLegacy = !ctx.atLeast(FACTS.legacyAuthnRemoved.since);
    this.usePeerAuth = ctx.atLeast(FACTS.peerAuthentication.since);
    if (this.useLegacy) {
      this.meshPolicy = index.ofKind('MeshPolicy').find((p) => p.name === 'default');
      for (const policy of index.ofKind('Policy')) {
        const targets = indexedRecords(dig(policy.object, 'spec', 'targets'));
        if (targets.length === 0) {
          // Istio only honours a namespace-wide policy named "default".
          if (policy.name === 'default' && !this.nsPolicy.has(policy.namespace)) this.nsPolicy.set(policy.namespace, policy);
          continue;
        }
        for (const { item } of targets) {
          const name = asString(item['name']);
          if (!name) continue;
          const key = `${policy.namespace}/${name}`;
          this.targeted.set(key, [...(this.targeted.get(key) ?? []), policy]);
        }
      }
    }
    if (this.usePeerAuth) {
      for (const pa of index.ofKind('PeerAuthentication')) {
        if (selectorOf(pa)) {
          this.workloadPeerAuth.set(pa.namespace, [...(this.workloadPeerAuth.get(pa.namespace) ?? []), pa]);
        } else if (pa.namespace === ROOT_NAMESPACE) {
          this.meshPeerAuth ??= pa;
        } else if (!this.nsPeerAuth.has(pa.namespace)) {
          this.nsPeerAuth.set(pa.namespace, pa);
        }
      }
    }
  }

  /** Whether the bundle holds any authentication policy at all. */
  get any(): boolean {
    return Boolean(this.meshPolicy ?? this.meshPeerAuth) || this.nsPolicy.size > 0 || this.targeted.size > 0 ||
      this.nsPeerAuth.size > 0 || this.workloadPeerAuth.size > 0;
  }

  /** The mesh-wide policy, if any (MeshPolicy default or root-namespace PeerAuthentication). */
  mesh(): ServerPolicy | undefined {
    if (this.usePeerAuth && this.meshPeerAuth) {
      const mode = peerAuthMode(dig(this.meshPeerAuth.object, 'spec', 'mtls'));
      if (mode) return { mode, source: this.meshPeerAuth, path: ['spec', 'mtls', 'mode'], scope: 'mesh' };
    }
    if (this.useLegacy && this.meshPolicy) {
      return { mode: legacyMode(this.meshPolicy), source: this.meshPolicy, path: ['spec', 'peers'], scope: 'mesh' };
    }
    return undefined;
  }

  /** Namespace-wide policy, falling back to the mesh policy and then the version's default. */
  namespace(ns: string): ServerPolicy {
    if (this.usePeerAuth) {
      const pa = this.nsPeerAuth.get(ns);
      const mode = pa ? peerAuthMode(dig(pa.object, 'spec', 'mtls')) : undefined;
      if (pa && mode) return { mode, source: pa, path: ['spec', 'mtls', 'mode'], scope: 'namespace' };
    }
    if (this.useLegacy) {
      const policy = this.nsPolicy.get(ns);
      if (policy) return { mode: legacyMode(policy), source: policy, path: ['spec', 'peers'], scope: 'namespace' };
    }
    return this.mesh() ?? this.defaultMode();
  }

  /**
   * Before 1.5 a sidecar without any policy accepted only plain text (unless auto mTLS was enabled
   * with a permissive install); from 1.5 the default is PERMISSIVE.
   */
  defaultMode(): ServerPolicy {
    const permissive = this.ctx.atLeast(FACTS.autoMtlsDefault.since) || this.ctx.mesh.autoMtls;
    return { mode: permissive ? 'PERMISSIVE' : 'DISABLE', path: [], scope: 'default' };
  }

  /** Effective mode for one port of a Service whose workloads carry `podLabels` (any of them). */
  service(service: { name: string; namespace: string; selector?: Labels }, port: ServicePort, podLabels: readonly Labels[]): ServerPolicy {
    if (this.usePeerAuth) {
      const fromPa = this.workloadPeerAuthFor(service, port, podLabels);
      if (fromPa) return fromPa;
    }
    if (this.useLegacy) {
      for (const policy of this.targeted.get(`${service.namespace}/${service.name}`) ?? []) {
        const match = this.legacyTargetMatch(policy, service.name, port);
        if (match) return { mode: legacyMode(policy), source: policy, path: ['spec', 'peers'], scope: match };
      }
    }
    return this.namespace(service.namespace);
  }

  private legacyTargetMatch(policy: Resource, serviceName: string, port: ServicePort): 'service' | 'port' | undefined {
    for (const { item } of indexedRecords(dig(policy.object, 'spec', 'targets'))) {
      if (item['name'] !== serviceName) continue;
      const ports = indexedRecords(item['ports']);
      if (ports.length === 0) return 'service';
      if (port.number === undefined && port.name === undefined) return 'port';
      for (const { item: selector } of ports) {
        const number = asInt(selector['number']);
        const name = asString(selector['name']);
        if ((number !== undefined && number === port.number) || (name !== undefined && name === port.name)) return 'port';
      }
    }
    return undefined;
  }

  private workloadPeerAuthFor(
    service: { namespace: string; selector?: Labels },
    port: ServicePort,
    podLabels: readonly Labels[],
  ): ServerPolicy | undefined {
    for (const pa of this.workloadPeerAuth.get(service.namespace) ?? []) {
      const selector = selectorOf(pa);
      if (!selector) continue;
      // Without workloads in the bundle, a selector that the service's own selector implies still applies.
      const applies = podLabels.length > 0
        ? podLabels.some((labels) => labelsContain(labels, selector))
        : service.selector !== undefined && labelsContain(service.selector, selector);
      if (!applies) continue;
      const portLevel = asRecord(dig(pa.object, 'spec', 'portLevelMtls'));
      if (portLevel && port.targetPort !== undefined) {
        const key = String(port.targetPort);
        const mode = peerAuthMode(portLevel[key]);
        if (mode) return { mode, source: pa, path: ['spec', 'portLevelMtls', key, 'mode'], scope: 'port' };
      }
      const mode = peerAuthMode(dig(pa.object, 'spec', 'mtls'));
      if (mode) return { mode, source: pa, path: ['spec', 'mtls', 'mode'], scope: 'service' };
      // UNSET inherits from the namespace and mesh.
    }
    return undefined;
  }
}
