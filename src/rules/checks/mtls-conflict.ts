// §2 "503 errors after setting destination rule": the TLS a client sidecar originates (from the
// most specific DestinationRule) must match what the server sidecar accepts (from MeshPolicy,
// Policy or PeerAuthentication). Checked per Service port, per client namespace, plus the
// mesh- and namespace-wide rules on their own so that a bundle without Services is still checked.
import { defineRule, type Labels, type RelatedRef, type Resource, type RuleContext } from '../types.ts';
import { FindingCollector } from '../support/collector.ts';
import { ClientRules, isMeshWideHost, type ClientSetting } from '../support/mtls-client.ts';
import { ServerPolicies, type ServerPolicy, type ServicePort } from '../support/mtls-server.ts';
import { asInt, asLabels, asString, dig, indexedRecords, refOf } from '../support/object.ts';
import { SYSTEM_NAMESPACES, sidecarState } from '../support/sidecar.ts';
import { isVisibleIn, vsDestinations } from '../istio.ts';
import { FACTS } from '../version-facts.ts';

const MUTUAL_FIX = 'Set `trafficPolicy.tls.mode: ISTIO_MUTUAL` in this DestinationRule (and in any portLevelSettings that set tls), so that it matches the server\'s mutual TLS requirement.';

function serverText(server: ServerPolicy): string {
  if (server.scope === 'no-sidecar' && server.workload) return `${refOf(server.workload)} has no sidecar and accepts only plain text`;
  if (!server.source) return 'no authentication policy enables mutual TLS on the server, so it accepts only plain text';
  const what = server.mode === 'STRICT' ? 'requires mutual TLS' : server.mode === 'DISABLE' ? 'disables mutual TLS' : 'permits mutual TLS';
  return `${refOf(server.source)} ${what}`;
}

function clientText(setting: ClientSetting): string {
  const dr = setting.dr ? refOf(setting.dr) : 'no DestinationRule';
  if (!setting.explicit) return `${dr} has no tls settings, so clients send plain text (the mode defaults to DISABLE)`;
  return `${dr} sets tls.mode ${setting.mode ?? 'DISABLE'}`;
}

function relatedOf(server: ServerPolicy): RelatedRef | undefined {
  if (server.source) return { resource: server.source, path: server.path };
  if (server.workload) return { resource: server.workload };
  return undefined;
}

class MtlsCheck {
  readonly out = new FindingCollector();
  private readonly server: ServerPolicies;
  private readonly clients: ClientRules;
  /** Hosts whose workloads are all known to run without a sidecar. */
  private readonly bareHosts = new Set<string>();

  constructor(private readonly ctx: RuleContext) {
    this.server = new ServerPolicies(ctx);
    this.clients = new ClientRules(ctx);
  }

  /** Compares one client setting with one server mode and records any conflict. */
  compare(subject: string, server: ServerPolicy, client: ClientSetting): void {
    if (server.mode === 'STRICT' && client.tls === 'PLAIN') {
      if (client.dr) {
        this.out.add({
          key: 'strict-plain', resource: client.dr, path: client.path, subject, related: [relatedOf(server)],
          render: (hosts) => ({
            message: `${clientText(client)} for ${hosts}, but ${serverText(server)}; the server rejects the plain-text requests and clients get 503`,
            fix: MUTUAL_FIX,
          }),
        });
      } else if (server.source && server.scope !== 'mesh') {
        this.out.add({
          key: 'strict-no-dr', resource: server.source, path: server.path, subject,
          absent: (hosts) => `a DestinationRule with tls.mode ISTIO_MUTUAL for ${hosts}`,
          render: (hosts) => ({
            message: `${serverText(server)} for ${hosts}, but no DestinationRule makes clients use ISTIO_MUTUAL, so they send plain text and get 503`,
            fix: `Add a DestinationRule for ${hosts} with \`trafficPolicy.tls.mode: ISTIO_MUTUAL\`, or set this policy's mtls mode to PERMISSIVE until the clients are configured.`,
          }),
        });
      }
    }
    if (client.tls === 'ISTIO_MUTUAL' && server.mode === 'DISABLE' && client.dr) {
      // Without any policy in the input the server side is the version's default; the mesh policy
      // often comes from the installer, so that rests on absence.
      const policyAbsent = server.scope === 'default';
      this.out.add({
        key: 'mutual-plain', resource: client.dr, path: client.path, subject, related: [relatedOf(server)],
        ...(policyAbsent ? { absent: () => 'an authentication policy (MeshPolicy, Policy or PeerAuthentication) enabling mutual TLS on the server' } : {}),
        render: (hosts) => ({
          message: `${refOf(client.dr as Resource)} makes clients use ISTIO_MUTUAL for ${hosts}, but ${serverText(server)}; the TLS handshake fails and clients get 503`,
          fix: server.scope === 'no-sidecar'
            ? `Inject the sidecar into the workload, or add a DestinationRule for ${hosts} with \`tls.mode: DISABLE\`.`
            : `Enable mutual TLS on the server (a ${this.ctx.atLeast(FACTS.peerAuthentication.since) ? 'PeerAuthentication with mtls.mode STRICT or PERMISSIVE' : 'MeshPolicy/Policy with `peers: [{mtls: {}}]`'}), or set \`tls.mode: DISABLE\` for ${hosts}.`,
        }),
      });
    }
  }

  /** Namespaces of VirtualServices routing to each host (FQDN). */
  private readonly routedFrom = new Map<string, Set<string>>();

  private indexRoutes(): void {
    for (const vs of this.ctx.index.ofKind('VirtualService')) {
      for (const d of vsDestinations(vs)) {
        if (!d.host) continue;
        const fqdn = this.ctx.hosts.fqdn(d.host, vs.namespace);
        const set = this.routedFrom.get(fqdn) ?? new Set<string>();
        set.add(vs.namespace);
        this.routedFrom.set(fqdn, set);
      }
    }
  }

  /**
   * A DestinationRule that would make clients use ISTIO_MUTUAL exists but its exportTo hides it from
   * `clientNs` (istioctl: exportTo "." is invisible to other namespaces): a contradiction among
   * present objects, reported on that rule rather than as a missing one.
   */
  private hiddenMutual(subject: string, server: ServerPolicy, setting: ClientSetting, candidates: readonly { dr: Resource }[], clientNs: string): boolean {
    if (server.mode !== 'STRICT' || setting.tls !== 'PLAIN' || !this.ctx.atLeast(FACTS.exportTo.since)) return false;
    const hidden = candidates.find((c) => !isVisibleIn(c.dr, clientNs) && this.clients.setting(c.dr, undefined).tls === 'ISTIO_MUTUAL');
    if (!hidden) return false;
    const dr = hidden.dr;
    this.out.add({
      key: 'hidden-mutual', resource: dr, path: ['spec', 'exportTo'], subject, related: [relatedOf(server)],
      render: (hosts) => ({
        message: `${refOf(dr)} makes clients use ISTIO_MUTUAL for ${hosts}, but its exportTo hides it from namespace ${clientNs}, whose clients (a VirtualService there routes to it) send plain text while ${serverText(server)}; they get 503`,
        fix: `Export ${refOf(dr)} to ${clientNs} (or remove exportTo: "."), or add a DestinationRule with \`tls.mode: ISTIO_MUTUAL\` in namespace ${clientNs}.`,
      }),
    });
    return true;
  }

  services(): void {
    this.indexRoutes();
    const { index } = this.ctx;
    for (const service of index.ofKind('Service')) {
      if (SYSTEM_NAMESPACES.has(service.namespace)) continue;
      if (dig(service.object, 'spec', 'type') === 'ExternalName') continue;
      const fqdn = `${service.name}.${service.namespace}.svc.cluster.local`;
      const selector = labelsOf(dig(service.object, 'spec', 'selector'));
      const workloads = selector ? index.workloadsMatching(service.namespace, selector) : [];
      const podLabels = workloads.flatMap((w) => index.podLabelVariants(w));
      // With workloads in the bundle but none selected, the server side is unknown: say nothing.
      if (index.hasWorkloads && selector && workloads.length === 0) continue;
      const bare = workloads.length > 0 && workloads.every((w) => sidecarState(w, index) === 'no') ? workloads[0] : undefined;
      if (bare) this.bareHosts.add(fqdn);
      const candidates = this.clients.matching(fqdn);
      // Clients the input shows: the service's namespace, those of its DestinationRules, and those
      // whose VirtualServices route to it (a DestinationRule's exportTo may hide it from them).
      const clientNamespaces = new Set([service.namespace, ...candidates.map((c) => c.dr.namespace), ...(this.routedFrom.get(fqdn) ?? [])]);
      for (const { item } of indexedRecords(dig(service.object, 'spec', 'ports'))) {
        const protocol = asString(item['protocol'])?.toUpperCase();
        if (protocol === 'UDP' || protocol === 'SCTP') continue;
        const port: ServicePort = {
          ...(asInt(item['port']) !== undefined ? { number: asInt(item['port']) } : {}),
          ...(asString(item['name']) ? { name: asString(item['name']) } : {}),
          ...((asInt(item['targetPort']) ?? asInt(item['port'])) !== undefined ? { targetPort: asInt(item['targetPort']) ?? asInt(item['port']) } : {}),
        };
        const server: ServerPolicy = bare
          ? { mode: 'DISABLE', path: [], scope: 'no-sidecar', workload: bare }
          : this.server.service({ name: service.name, namespace: service.namespace, ...(selector ? { selector } : {}) }, port, podLabels);
        const subject = port.number !== undefined ? `${fqdn}:${port.number}` : fqdn;
        for (const clientNs of clientNamespaces) {
          const entry = this.clients.effective(fqdn, clientNs, candidates);
          const setting = this.clients.setting(entry?.dr, port.number);
          if (!entry && this.hiddenMutual(subject, server, setting, candidates, clientNs)) continue;
          this.compare(subject, server, setting);
        }
      }
    }
  }

  /** DestinationRules for concrete cluster-local hosts whose Service is not in the bundle. */
  orphanRules(): void {
    const { index, hosts } = this.ctx;
    for (const dr of index.ofKind('DestinationRule')) {
      const raw = asString(dig(dr.object, 'spec', 'host'));
      if (!raw) continue;
      const fqdn = hosts.fqdn(raw, dr.namespace);
      const svc = hosts.serviceOf(fqdn);
      if (fqdn.includes('*') || !svc || index.serviceByFqdn(fqdn) || SYSTEM_NAMESPACES.has(svc.namespace)) continue;
      const server = this.server.service(svc, {}, []);
      const entry = this.clients.effective(fqdn, dr.namespace);
      if (entry?.dr.uid !== dr.uid) continue;
      this.compare(fqdn, server, this.clients.setting(dr, undefined));
    }
  }

  /** Mesh- and namespace-wide rules, and more specific rules that silently drop their ISTIO_MUTUAL. */
  wideRules(): void {
    const mesh = this.server.mesh();
    const wide = this.clients.wildcardRules();
    if (mesh?.mode === 'STRICT' && mesh.source && !this.ctx.mesh.autoMtls && !wide.some((w) => isMeshWideHost(w.host))) {
      const source = mesh.source;
      this.out.add({
        key: 'strict-no-dr', resource: source, path: mesh.path, subject: 'every service in the mesh',
        absent: () => 'a mesh-wide DestinationRule (host *.local) with tls.mode ISTIO_MUTUAL',
        render: () => ({
          message: `${refOf(source)} requires mutual TLS mesh-wide, but no mesh-wide DestinationRule (host *.local) makes clients use ISTIO_MUTUAL, so they send plain text and get 503`,
          fix: 'Add a DestinationRule named default in istio-system with `host: "*.local"` and `trafficPolicy.tls.mode: ISTIO_MUTUAL`, and give every more specific DestinationRule the same tls setting.',
        }),
      });
    }
    for (const w of wide) {
      const setting = this.clients.setting(w.dr, undefined);
      const ns = /^\*\.([^.]+)\.svc\.cluster\.local$/.exec(w.host)?.[1];
      const server = ns ? this.server.namespace(ns) : mesh ?? this.server.defaultMode();
      this.compare(w.host, server, setting);
      if (setting.tls === 'ISTIO_MUTUAL' && !this.ctx.mesh.autoMtls) this.overrides(w.dr, w.host);
    }
  }

  /** The seed case: a specific DestinationRule without tls replaces a wider rule's ISTIO_MUTUAL. */
  private overrides(wideDr: Resource, wideHost: string): void {
    const { index, hosts } = this.ctx;
    for (const dr of index.ofKind('DestinationRule')) {
      if (dr.uid === wideDr.uid) continue;
      const raw = asString(dig(dr.object, 'spec', 'host'));
      if (!raw) continue;
      const fqdn = hosts.fqdn(raw, dr.namespace);
      if (fqdn === wideHost || !hosts.matches(wideHost, fqdn) || SYSTEM_NAMESPACES.has(hosts.serviceOf(fqdn)?.namespace ?? '')) continue;
      // An explicit DISABLE is a deliberate exception; a missing tls block is the §2 mistake.
      const setting = this.clients.setting(dr, undefined);
      if (setting.tls !== 'PLAIN' || setting.explicit || this.bareHosts.has(fqdn)) continue;
      const svc = hosts.serviceOf(fqdn);
      const server = svc ? this.server.service(svc, {}, []) : this.server.defaultMode();
      // A policy in the bundle decides precisely (services() and orphanRules() compare it).
      if (server.scope !== 'default') continue;
      // Without one, the plain text is refused only if a policy outside the input enables mutual TLS. An
      // input declared complete has none: the version's default accepts plain text, and the wider
      // rule's ISTIO_MUTUAL is what fails (compare() reports it), not the rules that replace it.
      if (this.ctx.complete && server.mode !== 'STRICT') continue;
      this.out.add({
        key: 'override', resource: dr, path: setting.path, subject: fqdn, severity: 'WARNING',
        related: [{ resource: wideDr, path: ['spec', 'trafficPolicy', 'tls', 'mode'] }],
        render: (list) => ({
          message: `${clientText(setting)} for ${list}; this replaces ISTIO_MUTUAL from ${refOf(wideDr)} (host ${wideHost}). With mutual TLS enabled globally (no policy in the input enables it; the installation or another file may), the servers reject these requests and clients get 503`,
          fix: MUTUAL_FIX,
        }),
      });
    }
  }
}

/** A selector with no labels selects nothing for a Service (Endpoints are managed by hand). */
function labelsOf(value: unknown): Labels | undefined {
  const labels = asLabels(value);
  return Object.keys(labels).length > 0 ? labels : undefined;
}

export default defineRule({
  id: 'mtls-conflict',
  title: 'DestinationRule TLS mode conflicts with the server\'s mutual TLS policy',
  severity: 'ERROR',
  kinds: ['DestinationRule', 'MeshPolicy', 'Policy', 'PeerAuthentication'],
  entryKey: '503-errors-after-setting-destination-rule',
  versions: { from: '1.0' },
  description:
    'Detects DestinationRules whose TLS mode does not match what the server sidecars accept: a rule without `tls` (before auto mTLS) or with DISABLE/SIMPLE toward a service whose MeshPolicy, Policy or PeerAuthentication requires mutual TLS, and ISTIO_MUTUAL toward a server that does not accept it (no policy before 1.5, DISABLE, or no sidecar). Either way every request fails with 503 as soon as the DestinationRule is applied.',
  *check(ctx) {
    const check = new MtlsCheck(ctx);
    check.services();
    check.orphanRules();
    check.wideRules();
    yield* check.out.findings();
  },
});
