// The contract between the diagnose engine and its rules. Rules are pure: they read the resource
// index and return findings that point into a resource by path; the engine turns paths into
// line numbers, links the knowledge-base entry and applies suppressions.

export type Severity = 'ERROR' | 'WARNING' | 'INFO';

export const SEVERITY_RANK: Record<Severity, number> = { INFO: 0, WARNING: 1, ERROR: 2 };

/** A path into a resource's parsed object, e.g. ['spec', 'http', 0, 'route', 0, 'destination', 'subset']. */
export type Path = readonly (string | number)[];

/** An Istio minor version such as 1.0 or 1.25; patch versions are resolved to their minor before rules see them. */
export interface IstioVersion {
  readonly major: number;
  readonly minor: number;
  /** "1.0" */
  readonly name: string;
}

/** Inclusive range of doc versions a rule applies to; an open end is unbounded. */
export interface VersionRange {
  readonly from?: string;
  readonly to?: string;
}

export type Labels = Readonly<Record<string, string>>;

/** One Kubernetes object of the submitted manifests (after `kind: List` is unwrapped). */
export interface Resource {
  /** Unique within one diagnose run, e.g. "VirtualService/default/reviews#3". */
  readonly uid: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, or "default" when absent. */
  readonly namespace: string;
  /** Whether metadata.namespace was given; rules may treat a missing namespace as "wherever it is applied". */
  readonly namespaceExplicit: boolean;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** The whole parsed object; `path`s in findings are relative to it. */
  readonly object: Readonly<Record<string, unknown>>;
  /**
   * Whether it belongs to the manifests under check, to the currently applied ones (`previous`), or
   * to `context` (more of the cluster: used to resolve references, never reported on).
   */
  readonly source: 'manifests' | 'previous' | 'context';
  /** Name of the input text it came from (a file name for the CLI, "manifests" for the API). */
  readonly file: string;
  /** 0-based position among the resources of its source, in input order ("first wins" rules use it). */
  readonly order: number;
  /** 1-based line of the resource's first line in its file. */
  readonly line: number;
}

export interface RelatedRef {
  readonly resource: Resource;
  readonly path?: Path;
}

/** What a rule reports; the engine adds rule metadata, lines and the KB entry. */
export interface RuleFinding {
  readonly resource: Resource;
  /** Path of the offending field inside `resource.object`; [] for the whole resource. */
  readonly path: Path;
  /** Names the resources and values involved. */
  readonly message: string;
  /** What to change, concretely. */
  readonly fix: string;
  readonly related?: readonly RelatedRef[];
  /** Overrides the rule's default severity (e.g. version-dependent severity). */
  readonly severity?: Severity;
  /**
   * Set when the finding's only evidence is that a referent is absent from the input (no
   * DestinationRule for the host, no Service, no Gateway...): what is missing, e.g.
   * `DestinationRule for reviews.default.svc.cluster.local`. Unless the input is declared complete,
   * the engine caps such a finding at WARNING and says that the input may be partial.
   */
  readonly absent?: string;
  /**
   * When `path` ends at a multi-line string (e.g. an nginx config in ConfigMap data), the 0-based
   * line inside that string of the offending text; an engine that supports it reports the line of
   * the string's content plus this offset instead of the line of the key.
   */
  readonly lineOffset?: number;
}

/** Host names after resolution (see hosts.ts): always lower-case FQDNs or wildcard patterns. */
export interface HostResolver {
  /** `reviews` in namespace `default` -> `reviews.default.svc.cluster.local`; FQDNs and wildcards as given. */
  fqdn(host: string, namespace: string): string;
  /** Whether a (possibly wildcard) pattern such as `*.local` or `*` covers a concrete or wildcard host. */
  matches(pattern: string, host: string): boolean;
  /** Whether the FQDN is a cluster-local service name (`*.svc.cluster.local`). */
  isClusterLocal(fqdn: string): boolean;
  /** For `<name>.<ns>.svc.cluster.local`: {name, namespace}; otherwise undefined. */
  serviceOf(fqdn: string): { name: string; namespace: string } | undefined;
  /**
   * Whether one entry of a Gateway server's `hosts` admits a VirtualService host from `vsNamespace`.
   * Entries are `host` or `*\/host` (any namespace), `ns/host`, and `./host` (the Gateway's namespace);
   * hosts may be wildcards, and a wildcard on either side admits the hosts it covers.
   */
  serverAdmits(entry: string, gatewayNamespace: string, vsHost: string, vsNamespace: string): boolean;
}

/**
 * Lookups by kind, name, host and selector, built once per run so that rules never compare all pairs.
 * Kinds are matched by `kind` alone (the API group is ignored: v1alpha3 and v1beta1 are the same to a rule).
 */
export interface ResourceIndex {
  readonly resources: readonly Resource[];
  ofKind(kind: string): readonly Resource[];
  has(kind: string): boolean;
  get(kind: string, namespace: string, name: string): Resource | undefined;
  /** VirtualServices whose `spec.hosts` contain this FQDN after resolution (exact match, wildcards not expanded). */
  virtualServicesForHost(fqdn: string): readonly Resource[];
  /** DestinationRules whose resolved `spec.host` equals this FQDN, in input order. */
  destinationRulesForHost(fqdn: string): readonly Resource[];
  /** The most specific DestinationRule for a host: exact host first, then the longest matching wildcard (`*.ns.svc.cluster.local`, `*.local`, `*`). */
  mostSpecificDestinationRule(fqdn: string): Resource | undefined;
  /** Services (kind Service) by FQDN `<name>.<ns>.svc.cluster.local`. */
  serviceByFqdn(fqdn: string): Resource | undefined;
  /**
   * Whether any Service or ServiceEntry in the bundle provides this host (wildcard ServiceEntry hosts included).
   * With `fromNamespace` (Istio 1.1+ visibility), ServiceEntries whose `exportTo` and Services whose
   * `networking.istio.io/exportTo` annotation exclude that namespace do not count.
   */
  hostIsKnown(fqdn: string, fromNamespace?: string): boolean;
  /** Services and ServiceEntries that provide this host, whatever their exportTo. */
  hostProviders(fqdn: string): readonly Resource[];
  /** Workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ...) in a namespace whose pod-template labels match the selector. */
  workloadsMatching(namespace: string, selector: Labels): readonly Resource[];
  /** Pod-template labels of a workload resource (Pod: metadata.labels; Deployment etc.: spec.template.metadata.labels). */
  podLabels(workload: Resource): Labels;
  /**
   * Every label set the workload's pods can carry: podLabels, and for an Argo Rollout also the
   * template merged with each of its ephemeral metadata sets (canary/stable, preview/active).
   */
  podLabelVariants(workload: Resource): readonly Labels[];
  /** Services in the workload's namespace whose selector matches its pod labels. */
  servicesSelecting(workload: Resource): readonly Resource[];
  /** Gateways named by a VirtualService `gateways` entry (`name`, `ns/name`) relative to the VS namespace. */
  gateway(ref: string, fromNamespace: string): Resource | undefined;
  /** A Kubernetes Gateway API Gateway (gateway.networking.k8s.io) a `gateways` entry would name; never among ofKind('Gateway'). */
  gatewayApiGateway(ref: string, fromNamespace: string): Resource | undefined;
  /** Whether the bundle holds workloads (so "selects no pod" checks are meaningful). */
  readonly hasWorkloads: boolean;
}

export interface MeshSettings {
  /** Istio's enableAutoMtls; defaults by version (off before 1.5, on from 1.5). */
  readonly autoMtls: boolean;
}

export interface RuleContext {
  readonly version: IstioVersion;
  readonly index: ResourceIndex;
  readonly hosts: HostResolver;
  readonly mesh: MeshSettings;
  /** The currently applied manifests, when the caller gave them (`previous`). */
  readonly previous?: ResourceIndex;
  /**
   * The caller declared the input (manifests plus context) the whole mesh configuration. Rules
   * rarely need it: the engine applies evidence levels to findings marked `absent`.
   */
  readonly complete: boolean;
  /** True when `version` is at least `name` ("1.5"). */
  atLeast(name: string): boolean;
  /**
   * Objects of the manifests that the judged version does not serve (refused by the API server,
   * or of a removed kind): not in `index`, never evidence of configuration; a rule may name one
   * when it explains why a referent is missing.
   */
  readonly refused?: readonly Resource[];
}

export interface RuleMeta {
  /** Stable kebab-case id, e.g. "vs-subset-not-defined". */
  readonly id: string;
  readonly title: string;
  /** Default severity; a finding may override it. */
  readonly severity: Severity;
  /** Kinds the rule reads; the engine skips a rule when none of them is present. */
  readonly kinds: readonly string[];
  /** Key of the knowledge-base entry that explains the problem. */
  readonly entryKey: string;
  /** Doc versions the rule applies to. */
  readonly versions: VersionRange;
  /** One paragraph for docs, SARIF and `rules`: what it detects and why it matters. */
  readonly description: string;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): Iterable<RuleFinding>;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
