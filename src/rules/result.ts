// What the engine returns: plain data, independent of the knowledge base. The diagnose service
// attaches the linked entries; formatters (text, JSON, SARIF) render it.
import type { DiagnoseLimits } from './limits.ts';
import type { Severity } from './types.ts';

export interface ResourceRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** 1-based line of the resource's first line in the submitted text. */
  readonly line: number;
  readonly source: 'manifests' | 'previous' | 'context';
  /** Input the resource came from: a file name (CLI) or "manifests" / "previous" (API). */
  readonly file: string;
}

export interface EngineFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  readonly resource: ResourceRef;
  readonly related: readonly ResourceRef[];
  /** 1-based line of the offending field (falls back to the resource's line). */
  readonly line: number;
  /** Dotted path of the offending field, e.g. "spec.http[0].route[0].destination.subset". */
  readonly path: string;
  /** Knowledge-base key of the entry that explains the finding. */
  readonly entryKey: string;
  /**
   * `contradiction`: objects present in the input disagree. `absence`: the only evidence is that a
   * referent is missing from the input (at most WARNING unless the input was declared complete).
   */
  readonly evidence: Evidence;
}

export type Evidence = 'contradiction' | 'absence';

/** Which inputs a run applied, so that a report says what its findings rest on. */
export interface AppliedInputs {
  /** The manifests were declared the whole mesh configuration: absence findings keep their severity. */
  readonly complete: boolean;
  /** Kubernetes objects read from `context` (0 when none was given). */
  readonly contextResources: number;
  /** Kubernetes objects read from `previous` (0 when none was given). */
  readonly previousResources: number;
}

export interface EngineParseError {
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly source: 'manifests' | 'previous' | 'context';
  readonly file: string;
}

export interface EngineResult {
  readonly resourceCount: number;
  /**
   * Objects of the manifests left out of the judgement because kubectl apply would refuse them: the
   * judged version does not serve their API version (or removed their kind), or they name another
   * namespace than the one asked for (apply-namespace.ts); the notes or input errors name each.
   */
  readonly notJudgedCount: number;
  readonly findings: readonly EngineFinding[];
  readonly parseErrors: readonly EngineParseError[];
  /** Documents that were skipped (not Kubernetes objects) and similar remarks. */
  readonly notes: readonly string[];
  /** Findings removed by an ignore annotation or option, for transparency. */
  readonly suppressedCount: number;
  readonly inputs: AppliedInputs;
}

/** One input text; the CLI passes one per file so that lines are per file but references cross files. */
export interface ManifestInput {
  readonly file: string;
  readonly text: string;
}

export interface DiagnoseOptions {
  /** Istio minor version whose semantics apply, e.g. "1.0". */
  readonly version: string;
  /** The currently applied manifests, to check the order of a change (make-before-break). */
  readonly previous?: string | readonly ManifestInput[];
  /**
   * The manifests are the whole mesh configuration: a referent absent from them (and from
   * `context`) is absent from the cluster, so absence findings keep the rule's severity.
   */
  readonly complete?: boolean;
  /**
   * More of the cluster's configuration (e.g. `kubectl get vs,dr,gw,se,svc,deploy -A -o yaml`):
   * parsed and indexed to resolve references; findings are reported only for `manifests`.
   */
  readonly context?: string | readonly ManifestInput[];
  /** Rule ids to skip. */
  readonly ignore?: readonly string[];
  /** Findings below this severity are dropped. */
  readonly minSeverity?: Severity;
  /** Overrides the version's default for Istio's enableAutoMtls. */
  readonly autoMtls?: boolean;
  /** Overrides of the input caps (bytes, resources, aliases, nesting); see limits.ts for defaults. */
  readonly limits?: Partial<DiagnoseLimits>;
  /**
   * The namespace of objects that name none, as `kubectl apply -n` gives it (default "default"): a
   * repository's manifests rarely name one, while `context` from `kubectl get -A` always does. When
   * given, an object of the manifests that names another is refused, as kubectl refuses it
   * (apply-namespace.ts); without it, none is.
   */
  readonly namespace?: string;
  /**
   * Objects in an API version the judged Istio does not serve (networking.istio.io/v1 before 1.22,
   * v1beta1 before 1.5, kinds removed since): "skip" (the default) leaves them out, as the API server
   * refuses them and keeps what was there, and only notes them; "judge" checks them as if they were
   * written in a served version (the fields are the same), for fixtures that test an older release's
   * semantics in a newer apiVersion.
   */
  readonly unservedApis?: 'skip' | 'judge';
}
