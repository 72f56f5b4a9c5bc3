// What changed in Istio, and when: the one table of version-dependent behaviour the rules read.
// Each fact names the first minor version that behaves the new way and cites where that is
// documented. Versions are minors: a change first tagged in 1.1.1 counts from "1.1", because a
// judged "1.1" means the current patch release of 1.1.
import { objectName } from './kinds.ts';
import type { IstioVersion } from './types.ts';
import { compareVersions, parseVersion } from './version.ts';

export interface VersionFact {
  /** First minor version with the new behaviour. */
  readonly since: string;
  /** The behaviour, in one line. */
  readonly what: string;
  /** Where it is documented (release notes, commit, docs page). */
  readonly source: string;
}

function fact(since: string, what: string, source: string): VersionFact {
  return { since, what, source };
}

export const FACTS = {
  // Pilot names the route configuration of an HTTPS server `https.<port>.<portName>.<gateway>.<namespace>`,
  // so HTTPS servers of different Gateway resources no longer collide on a shared port name.
  httpsRoutePerGateway: fact(
    '1.1',
    'HTTPS route names include the Gateway name and namespace',
    'istio/istio commit 48075e1e (2019-03-21, "include gateway name in RDS name"), first tagged 1.1.1',
  ),
  // exportTo on VirtualService, DestinationRule and ServiceEntry; DestinationRule lookup from the
  // client namespace, then the service namespace, then the root namespace.
  exportTo: fact('1.1', 'exportTo and namespace-scoped config visibility', 'istio.io news/releases/1.1.x/announcing-1.1/upgrade-notes (Traffic management)'),
  // The networking.istio.io/exportTo annotation on Kubernetes Services.
  serviceExportToAnnotation: fact('1.1', 'Service annotation networking.istio.io/exportTo', 'istio.io docs/reference/config/annotations (networking.istio.io/exportTo), 1.1 change notes'),
  // DestinationRules for the same host are merged per namespace (before: globally, first wins).
  destinationRulesPerNamespace: fact('1.1', 'DestinationRules merge per host and namespace', 'istio/istio pilot/pkg/model/push_context.go SetDestinationRules (1.1)'),
  // Protocol sniffing makes port names advisory (outbound 1.3, inbound 1.4).
  protocolSniffing: fact('1.3', 'protocol detection for unnamed ports', 'istio.io news/releases/1.3.x/announcing-1.3 (automatic protocol detection)'),
  // Auto mTLS on by default; PeerAuthentication replaces MeshPolicy/Policy.
  autoMtlsDefault: fact('1.5', 'enableAutoMtls defaults to true', 'istio.io news/releases/1.5.x/announcing-1.5/upgrade-notes (auto mTLS enabled by default)'),
  peerAuthentication: fact('1.5', 'security.istio.io PeerAuthentication / RequestAuthentication', 'istio.io news/releases/1.5.x/announcing-1.5/change-notes (Security)'),
  // Telemetry v2 labels metrics by workload, so app/version labels are no longer required.
  telemetryV2: fact('1.5', 'telemetry v2 (in-proxy) is the default', 'istio.io news/releases/1.5.x/announcing-1.5/change-notes (Telemetry)'),
  // Legacy authentication.istio.io/v1alpha1 policies are no longer honoured.
  legacyAuthnRemoved: fact('1.6', 'v1alpha1 MeshPolicy/Policy removed', 'istio.io blog/2021/migrate-alpha-policy ("Istio 1.6 removed support for the v1alpha1 APIs")'),
  appProtocol: fact('1.6', 'Service port appProtocol selects the protocol', 'istio.io news/releases/1.6.x/announcing-1.6/change-notes (appProtocol)'),
  // ExternalName Services have no service IP: TCP traffic to them is routed by SNI, so their ports
  // must be named https/tls (or another protocol), never left unnamed or named tcp (istioctl IST0150).
  externalNamePortNames: fact('1.14', 'ExternalName Service ports need an https/tls (or HTTP) protocol name', 'istio.io/v1.14/docs/reference/config/analysis/ist0150 (ExternalNameServiceTypeInvalidPortName)'),
  canonicalServiceLabels: fact('1.20', 'service.istio.io/canonical-* and app.kubernetes.io labels count as app/version', 'istio.io docs/ops/deployment/application-requirements (1.20)'),
} as const satisfies Record<string, VersionFact>;

/** Kinds (and the API groups they lived in) that a version no longer serves, with their replacement. */
export interface RemovedApi {
  readonly group: string;
  /** Kinds of that group; empty means every kind of the group. */
  readonly kinds: readonly string[];
  /** First minor version that no longer serves them. */
  readonly removedIn: string;
  /** Version that deprecated them, when it differs. */
  readonly deprecatedIn?: string;
  /** Only these versions of the group (e.g. "v1beta1"); absent: every version. */
  readonly versions?: readonly string[];
  /** What removed them, when it is not Istio itself (a Kubernetes release that version requires). */
  readonly removedBy?: string;
  readonly replacement: string;
  readonly source: string;
}

// Kubernetes 1.16 stopped serving workloads in extensions/v1beta1, apps/v1beta1 and apps/v1beta2
// (kubernetes.io docs/reference/using-api/deprecation-guide, "v1.16": "DaemonSet, Deployment,
// StatefulSet, and ReplicaSet resources under extensions/v1beta1, apps/v1beta1 or apps/v1beta2 are no
// longer served"); Istio 1.7 is the first release whose supported Kubernetes versions all start at 1.16
// (istio.io v1.7 about/supported-releases: 1.6 "1.15, 1.16, 1.17, 1.18", 1.7 "1.16, 1.17, 1.18").
const K8S_1_16_WORKLOADS = {
  removedIn: '1.7',
  removedBy: 'Kubernetes 1.16, the oldest Kubernetes Istio 1.7 and later support',
  replacement: 'apps/v1 (spec.selector is required there)',
  source:
    'kubernetes.io docs/reference/using-api/deprecation-guide (v1.16: workloads under extensions/v1beta1, apps/v1beta1, apps/v1beta2 no longer served); istio.io v1.7 about/supported-releases (Istio 1.7: Kubernetes 1.16, 1.17, 1.18)',
} as const;

export const REMOVED_APIS: readonly RemovedApi[] = [
  { group: 'extensions', versions: ['v1beta1'], kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], ...K8S_1_16_WORKLOADS },
  { group: 'apps', versions: ['v1beta1', 'v1beta2'], kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'], ...K8S_1_16_WORKLOADS },
  {
    group: 'authentication.istio.io',
    kinds: ['MeshPolicy', 'Policy'],
    deprecatedIn: '1.4',
    removedIn: '1.6',
    replacement: 'PeerAuthentication (mTLS) and RequestAuthentication (JWT) in security.istio.io/v1beta1, with AuthorizationPolicy for the origin rules',
    source: 'istio.io blog/2021/migrate-alpha-policy: deprecated in 1.4, "Istio 1.6 removed support for the v1alpha1 APIs"',
  },
  {
    group: 'rbac.istio.io',
    kinds: ['ServiceRole', 'ServiceRoleBinding', 'RbacConfig', 'ClusterRbacConfig'],
    deprecatedIn: '1.4',
    removedIn: '1.6',
    replacement: 'AuthorizationPolicy (security.istio.io/v1beta1)',
    source: 'istio.io blog/2019/v1beta1-authorization-policy: "ClusterRbacConfig, ServiceRole, and ServiceRoleBinding will not be supported from Istio 1.6 onwards"',
  },
  {
    // The 0.x routing API lived in config.istio.io/v1alpha2; v1alpha3 replaced it in 0.8.
    group: 'config.istio.io',
    kinds: ['RouteRule', 'DestinationPolicy', 'EgressRule', 'IngressRule'],
    deprecatedIn: '0.8',
    removedIn: '1.0',
    replacement: 'VirtualService (RouteRule), DestinationRule (DestinationPolicy), ServiceEntry (EgressRule) and Gateway + VirtualService (IngressRule) in networking.istio.io',
    source: 'istio.io blog/2018/v1alpha3-routing ("Introducing the Istio v1alpha3 routing API"); istioctl experimental convert-networking-config existed in 0.8 only',
  },
  {
    // Any other kind of config.istio.io is a Mixer adapter, template, rule, handler or instance.
    group: 'config.istio.io',
    kinds: [],
    deprecatedIn: '1.5',
    removedIn: '1.8',
    replacement: 'telemetry v2 with the Telemetry API (telemetry.istio.io) or EnvoyFilter/WasmPlugin for metrics and logs, AuthorizationPolicy for policy checks, and Envoy rate limiting for quotas',
    source: 'istio.io news/releases/1.8.x/announcing-1.8/upgrade-notes (Mixer removed; 1.7 was the last release with Mixer)',
  },
  {
    group: 'networking.istio.io',
    kinds: ['RouteRule', 'DestinationPolicy', 'EgressRule', 'IngressRule'],
    removedIn: '1.0',
    replacement: 'VirtualService, DestinationRule, ServiceEntry and Gateway (networking.istio.io/v1alpha3 or later)',
    source: 'istio.io blog/2018/v1alpha3-routing',
  },
];

/**
 * API versions an Istio release does not serve yet: an object in one of them is refused by the API
 * server of an older mesh ("no matches for kind … in version …"), so the newest samples (written in
 * networking.istio.io/v1 since 1.22) fail on an older cluster. Only kinds the sources name are listed.
 */
export interface NewApi {
  /** The full apiVersion, e.g. "networking.istio.io/v1". */
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** First minor version that serves them. */
  readonly servedFrom: string;
  /** What to write instead on an older version. */
  readonly before: string;
  readonly source: string;
}

const V1_APIS_SOURCE = 'istio.io blog/2024/v1-apis ("the Istio community has decided to promote these APIs to v1 in Istio 1.22")';

export const NEW_APIS: readonly NewApi[] = [
  {
    apiVersion: 'networking.istio.io/v1',
    kinds: ['DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'VirtualService', 'WorkloadEntry', 'WorkloadGroup'],
    servedFrom: '1.22',
    before: 'networking.istio.io/v1beta1 (or v1alpha3); the fields are the same',
    source: V1_APIS_SOURCE,
  },
  { apiVersion: 'security.istio.io/v1', kinds: ['PeerAuthentication'], servedFrom: '1.22', before: 'security.istio.io/v1beta1; the fields are the same', source: V1_APIS_SOURCE },
  { apiVersion: 'telemetry.istio.io/v1', kinds: ['Telemetry'], servedFrom: '1.22', before: 'telemetry.istio.io/v1alpha1', source: V1_APIS_SOURCE },
  {
    apiVersion: 'networking.istio.io/v1beta1',
    kinds: ['DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'VirtualService'],
    servedFrom: '1.5',
    before: 'networking.istio.io/v1alpha3; the fields are the same',
    source: 'istio/istio wiki Istio-Release-1.5 ("Virtual Service, Destination Rule, Gateway, Sidecar and Service Entry APIs now support the v1beta1 version", istio/api#1232)',
  },
  {
    apiVersion: 'security.istio.io/v1beta1',
    kinds: ['AuthorizationPolicy'],
    servedFrom: '1.4',
    before: 'the RBAC API (rbac.istio.io/v1alpha1 ServiceRole, ServiceRoleBinding, ClusterRbacConfig)',
    source: 'istio.io blog/2019/v1beta1-authorization-policy ("Istio 1.4 introduces the v1beta1 authorization policy")',
  },
  {
    apiVersion: 'security.istio.io/v1beta1',
    kinds: ['PeerAuthentication', 'RequestAuthentication'],
    servedFrom: '1.5',
    before: 'the authentication API (authentication.istio.io/v1alpha1 MeshPolicy for the mesh, Policy for a namespace or service)',
    source: 'istio.io news/releases/1.5.x/announcing-1.5/change-notes (Security: "Added Beta authentication API … PeerAuthentication and RequestAuthentication")',
  },
];

/** The first version serving a kind in an apiVersion, when that is later than some version the rules know. */
export function newApi(apiVersion: string, kind: string): NewApi | undefined {
  const wanted = apiVersion.trim().toLowerCase();
  return NEW_APIS.find((a) => a.apiVersion === wanted && a.kinds.includes(kind));
}

/**
 * Remarks for objects in an API version the judged version does not serve yet: the API server
 * refuses them, so none of the rules' findings about them would hold, and the apply fails; the engine
 * leaves them out of what it judges (isServed).
 */
export function unservedApiNotes(
  resources: readonly { apiVersion: string; kind: string; namespace: string; name: string; file: string; line: number }[],
  version: IstioVersion,
): string[] {
  const notes: string[] = [];
  for (const r of resources) {
    const api = unservedYet(r.apiVersion, r.kind, version);
    if (!api) continue;
    notes.push(
      `${r.file}:${r.line}: ${r.kind} ${objectName(r)} (${r.apiVersion}) is served from Istio ${api.servedFrom} on; ` +
        `judged as Istio ${version.name} the API server refuses it (no such kind in that API version), so it is not judged. Use ${api.before}. Source: ${api.source}.`,
    );
  }
  return notes;
}

/**
 * Whether the judged version keeps an object of this apiVersion and kind at all: not when its API
 * version is not served yet (the API server refuses it) nor when its kind was removed (no CRD, or
 * ignored). The engine judges only what the cluster would keep, so a refused DestinationRule neither
 * gets findings of its own nor hides or causes findings on other objects.
 */
export function isServed(apiVersion: string, kind: string, version: IstioVersion): boolean {
  return !unservedYet(apiVersion, kind, version) && !removedBy(apiVersion, kind, version) && !servedByNoRelease(apiVersion);
}

/** The new API an object is in, when the judged version does not serve it yet. */
function unservedYet(apiVersion: string, kind: string, version: IstioVersion): NewApi | undefined {
  const api = newApi(apiVersion, kind);
  return api && compareVersions(version, parseVersion(api.servedFrom)) < 0 ? api : undefined;
}

/** The removal of an object's kind, when the judged version no longer serves it. */
function removedBy(apiVersion: string, kind: string, version: IstioVersion): RemovedApi | undefined {
  const removal = removedApi(apiVersion, kind);
  return removal && compareVersions(version, parseVersion(removal.removedIn)) >= 0 ? removal : undefined;
}

/**
 * Kubernetes names an API version v<N>, v<N>alpha<M> or v<N>beta<M>, and every version of Istio's API
 * groups follows it: networking.istio.io v1alpha3, v1beta1, v1; security.istio.io v1beta1, v1; the
 * retired authentication.istio.io and rbac.istio.io v1alpha1, config.istio.io v1alpha2. An apiVersion of
 * a *.istio.io group in any other form (a typo such as networking.istio.io/v1aplha3, or v1.0) is served
 * by no Istio release: the API server refuses the object (no matches for kind … in version …).
 */
export const ISTIO_API_VERSIONS = {
  form: /^v\d+(?:(?:alpha|beta)\d+)?$/,
  known: {
    'networking.istio.io': ['v1alpha3', 'v1beta1', 'v1'],
    'security.istio.io': ['v1beta1', 'v1'],
    'telemetry.istio.io': ['v1alpha1', 'v1'],
    'extensions.istio.io': ['v1alpha1'],
    'authentication.istio.io': ['v1alpha1'],
    'rbac.istio.io': ['v1alpha1'],
    'config.istio.io': ['v1alpha2'],
  } as Readonly<Record<string, readonly string[]>>,
  source:
    'kubernetes.io docs/reference/using-api ("API versioning": v1alpha1, v2beta3, vX); istio/istio manifests/charts/base crd-all.gen.yaml (the versions of every Istio CRD)',
} as const;

/** The version part of an apiVersion of an Istio group written in a form no Istio release serves. */
function servedByNoRelease(apiVersion: string): string | undefined {
  const group = apiGroup(apiVersion);
  if (group !== 'istio.io' && !group.endsWith('.istio.io')) return undefined;
  const name = apiVersion.slice(apiVersion.indexOf('/') + 1).trim();
  return ISTIO_API_VERSIONS.form.test(name) ? undefined : name;
}

/**
 * Objects of an Istio group in an API version no release serves, as input errors: `kubectl apply` fails
 * for them whatever the mesh (as for a file that does not parse), so they are not judged (isServed) and
 * the run is no pass; the message names the versions that exist.
 */
export function unknownApiErrors(
  resources: readonly { apiVersion: string; kind: string; namespace: string; name: string; file: string; line: number }[],
): { readonly file: string; readonly line: number; readonly message: string }[] {
  const errors: { file: string; line: number; message: string }[] = [];
  for (const r of resources) {
    const name = servedByNoRelease(r.apiVersion);
    if (name === undefined) continue;
    const group = apiGroup(r.apiVersion);
    const known = ISTIO_API_VERSIONS.known[group];
    const instead = known ? `${group}'s versions are ${known.map((v) => `${group}/${v}`).join(', ')}` : 'Istio writes its API versions v<N>, v<N>alpha<M> or v<N>beta<M>';
    errors.push({
      file: r.file,
      line: r.line,
      message:
        `${r.kind} ${objectName(r)} (${r.apiVersion}): no Istio release serves version "${name}" of ${group}, ` +
        `so the API server refuses it (no matches for kind "${r.kind}" in version "${r.apiVersion}") and it is not judged; ${instead}. Source: ${ISTIO_API_VERSIONS.source}.`,
    });
  }
  return errors;
}

/** The API group of an apiVersion ("networking.istio.io/v1alpha3" -> "networking.istio.io"; "v1" -> ""). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash).toLowerCase();
}

/** The removal that applies to a kind, if any (the first matching row: specific kinds before whole groups). */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  const group = apiGroup(apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1).trim().toLowerCase();
  return REMOVED_APIS.find(
    (r) => r.group === group && (r.versions === undefined || r.versions.includes(version)) && (r.kinds.length === 0 || r.kinds.includes(kind)),
  );
}

/**
 * Remarks for objects of kinds the judged version deprecated or no longer serves, naming the
 * replacement: such an object is rejected by the API server (no CRD) or silently ignored, so none
 * of the rules' findings about it would hold.
 */
export function removedApiNotes(
  resources: readonly { apiVersion: string; kind: string; namespace: string; name: string; file: string; line: number }[],
  version: IstioVersion,
): string[] {
  const notes: string[] = [];
  for (const r of resources) {
    const removal = removedApi(r.apiVersion, r.kind);
    if (!removal) continue;
    const where = `${r.file}:${r.line}: ${r.kind} ${objectName(r)} (${r.apiVersion})`;
    if (removedBy(r.apiVersion, r.kind, version)) {
      notes.push(
        removal.removedBy
          ? `${where} is no longer served since ${removal.removedBy}; judged as Istio ${version.name} the API server refuses it, so it is not judged. Use ${removal.replacement}. Source: ${removal.source}.`
          : `${where} was removed in Istio ${removal.removedIn}${removal.deprecatedIn ? ` (deprecated in ${removal.deprecatedIn})` : ''}; ` +
            `judged as Istio ${version.name} it is not applied and has no effect, so it is not judged. Use ${removal.replacement}. Source: ${removal.source}.`,
      );
    } else if (removal.deprecatedIn && compareVersions(version, parseVersion(removal.deprecatedIn)) >= 0) {
      notes.push(
        `${where} is deprecated since Istio ${removal.deprecatedIn} and removed in ${removal.removedIn}; migrate to ${removal.replacement} before upgrading. Source: ${removal.source}.`,
      );
    }
  }
  return notes;
}
