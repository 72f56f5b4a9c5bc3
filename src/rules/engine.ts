// The diagnose engine: parse once, index once, run the applicable rules, then turn their paths into
// lines and apply suppressions. Rules see only the RuleContext; everything about text lives here.
import { BadUserInputError } from '../errors.ts';
import { namespaceErrors, refusedByNamespace } from './apply-namespace.ts';
import { createHostResolver } from './hosts.ts';
import { buildIndex } from './index.ts';
import { isClusterScoped, objectName } from './kinds.ts';
import { resolveLimits } from './limits.ts';
import { normalizeInputs, ParseBudget, parseManifests, type ParsedManifests } from './manifests.ts';
import { rules as registryRules } from './registry.ts';
import type { DiagnoseOptions, EngineFinding, EngineResult, ManifestInput, ResourceRef } from './result.ts';
import {
  SEVERITY_RANK,
  type Path,
  type Resource,
  type ResourceIndex,
  type Rule,
  type RuleContext,
  type RuleFinding,
  type Severity,
} from './types.ts';
import { compareVersions, inRange, parseVersion } from './version.ts';
import { apiGroup, FACTS, isServed, removedApiNotes, unknownApiErrors, unservedApiNotes } from './version-facts.ts';

export const IGNORE_ANNOTATION = 'istio-kb.io/ignore';
const AUTO_MTLS_DEFAULT_FROM = parseVersion(FACTS.autoMtlsDefault.since);

export function runDiagnose(
  inputs: string | readonly ManifestInput[],
  options: DiagnoseOptions,
  rules: readonly Rule[] = registryRules,
): EngineResult {
  const version = parseVersion(options.version);
  const minSeverity = checkSeverity(options.minSeverity);
  const ignored = new Set(checkIgnore(options.ignore));
  const budget = new ParseBudget(resolveLimits(options.limits));
  const namespace = checkNamespace(options.namespace);

  const complete = checkBoolean(options.complete, 'complete');
  const manifests = parseManifests(checkInputs(normalizeInputs(inputs, 'manifests'), 'manifests'), 'manifests', budget, namespace);
  const previous =
    options.previous === undefined
      ? undefined
      : parseManifests(checkInputs(normalizeInputs(options.previous, 'previous'), 'previous'), 'previous', budget, namespace);
  const context =
    options.context === undefined
      ? undefined
      : parseManifests(checkInputs(normalizeInputs(options.context, 'context'), 'context'), 'context', budget, namespace);

  const hosts = createHostResolver(namespacesOf(manifests, previous, context));
  // One object per kind/namespace/name, as the API server keeps it: the last applied wins. The end
  // state is the context, then what is applied now (`previous`), then the manifests under check.
  // An object the judged version does not serve (its API version is newer, or its kind was removed)
  // never reaches the mesh: `kubectl apply` refuses it and keeps what was there, so it is left out
  // of what the rules judge (the notes below name it and what to write instead).
  const judgeUnserved = checkUnservedApis(options.unservedApis) === 'judge';
  // Only the manifests are applied with the namespace option; context and `previous` are what is there.
  const offNamespace = new Set(refusedByNamespace(manifests.resources, options.namespace ? namespace : undefined));
  const served = (r: Resource): boolean => !offNamespace.has(r) && (judgeUnserved || isServed(r.apiVersion, r.kind, version));
  const current = effectiveObjects([...(context?.resources ?? []), ...(previous?.resources ?? []), ...manifests.resources].filter(served));
  const past = previous ? effectiveObjects(previous.resources.filter(served)) : undefined;
  const index = buildIndex(current.objects, hosts);
  const previousIndex = past ? buildIndex(past.objects, hosts) : undefined;
  const atLeast = (name: string): boolean => compareVersions(version, parseVersion(name)) >= 0;
  const refused = manifests.resources.filter((r) => !served(r));
  const ctx: RuleContext = {
    version,
    index,
    hosts,
    mesh: { autoMtls: options.autoMtls ?? compareVersions(version, AUTO_MTLS_DEFAULT_FROM) >= 0 },
    ...(previousIndex ? { previous: previousIndex } : {}),
    complete,
    atLeast,
    refused,
  };

  const notes = [
    ...manifests.notes,
    ...(previous?.notes ?? []),
    ...(context?.notes ?? []),
    // Replacing an applied object is what a change does; only duplicates within one input are remarkable.
    ...current.notes.filter((n) => n.source === 'manifests' && n.replaced === 'manifests').map((n) => n.text),
    ...(past?.notes.map((n) => n.text) ?? []),
    ...removedApiNotes(manifests.resources, version),
    ...unservedApiNotes(manifests.resources, version),
  ];
  const parsedBy = { manifests, previous, context };
  // An object in an API version no release serves is refused by kubectl like a file that does not parse.
  const refusedApis = [...unknownApiErrors(manifests.resources), ...namespaceErrors([...offNamespace], namespace)].map((e) => ({ ...e, column: null, source: 'manifests' as const }));
  const parseErrors = [...manifests.parseErrors, ...refusedApis, ...(previous?.parseErrors ?? []), ...(context?.parseErrors ?? [])];
  const unread = unreadParts(parseErrors, [...manifests.resources, ...(context?.resources ?? [])]);
  const findings = new Map<string, EngineFinding>();
  let suppressedCount = 0;
  for (const rule of rules) {
    if (!inRange(version, rule.versions) || !kindsPresent(rule, index, previousIndex)) continue;
    let produced: RuleFinding[];
    try {
      produced = [...rule.check(ctx)];
    } catch (error) {
      // One faulty rule must not hide the findings of the others.
      notes.push(`rule ${rule.id} failed and was skipped: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const finding of produced) {
      // Context and the applied state are there to resolve references; only the manifests under
      // check are reported on.
      if (finding.resource.source !== 'manifests') continue;
      const severity = evidenceSeverity(finding.severity ?? rule.severity, finding, complete, unread);
      if (SEVERITY_RANK[severity] < SEVERITY_RANK[minSeverity]) continue;
      if (ignored.has(rule.id) || isSuppressed(finding.resource, rule.id)) {
        suppressedCount++;
        continue;
      }
      const out = toEngineFinding(rule, finding, severity, complete, unread, parsedBy);
      const key = `${rule.id}\u0000${finding.resource.uid}\u0000${out.path}\u0000${out.message}`;
      if (!findings.has(key)) findings.set(key, out);
    }
  }

  return {
    resourceCount: manifests.resources.length,
    notJudgedCount: refused.length,
    findings: [...findings.values()].sort(compareFindings),
    parseErrors,
    notes,
    suppressedCount,
    inputs: { complete, contextResources: context?.resources.length ?? 0, previousResources: previous?.resources.length ?? 0 },
  };
}

/**
 * Evidence levels: a finding that rests only on a referent missing from the input is at most a
 * WARNING, because a partial input (one file of a repository, a VirtualService whose
 * DestinationRule is applied from a sibling file) is the normal case; contradictions among objects
 * that are present keep the rule's severity. `complete` declares that absence is real.
 */
function evidenceSeverity(severity: Severity, finding: RuleFinding, complete: boolean, unread: string | undefined): Severity {
  // A document that could not be parsed may be the missing referent: even a complete input is not
  // complete as read.
  if (finding.absent === undefined || (complete && unread === undefined)) return severity;
  return SEVERITY_RANK[severity] > SEVERITY_RANK.WARNING ? 'WARNING' : severity;
}

function evidenceMessage(finding: RuleFinding, complete: boolean, unread: string | undefined): string {
  if (finding.absent === undefined || (complete && unread === undefined)) return finding.message;
  const message = finding.message.replace(/[.;\s]+$/, '');
  const unreadClause = unread === undefined ? '' : `${unread}, and ${finding.absent} may be in it`;
  if (complete) return `${message}; but ${unreadClause}.`;
  const partial = `${message}; but the input may be partial: if ${finding.absent} is applied from elsewhere, this is fine (declare the input complete if it is the whole mesh configuration, or pass the rest of the cluster as context)`;
  return unread === undefined ? `${partial}.` : `${partial}; also, ${unreadClause}.`;
}

/**
 * What of the input was not read, for absence findings: the documents parse errors left unread, and the
 * objects of OpenShift Templates (created only when `oc process` renders them).
 */
function unreadParts(errors: readonly { file: string; line: number | null }[], resources: readonly Resource[]): string | undefined {
  const templates = resources.filter(
    (r) => r.kind === 'Template' && r.apiVersion.startsWith('template.openshift.io/') && Array.isArray(r.object['objects']) && r.object['objects'].length > 0,
  );
  const shown = templates.slice(0, 3).map((r) => `${r.file}:${r.line}`);
  const more = templates.length > shown.length ? `, …` : '';
  const count = templates.length === 1 ? '1 OpenShift Template were' : `${templates.length} OpenShift Templates were`;
  const parts = [unreadDocuments(errors), templates.length > 0 ? `the objects of ${count} not read (${shown.join(', ')}${more})` : undefined];
  const present = parts.filter((p): p is string => p !== undefined);
  return present.length > 0 ? present.join(' and ') : undefined;
}

/** "2 parse errors left part of the input unread (a.yaml:7, b.yaml:3)", when there are any. */
function unreadDocuments(errors: readonly { file: string; line: number | null }[]): string | undefined {
  if (errors.length === 0) return undefined;
  const shown = errors.slice(0, 3).map((e) => (e.line === null ? e.file : `${e.file}:${e.line}`));
  const more = errors.length > shown.length ? `, …` : '';
  const count = errors.length === 1 ? '1 parse error' : `${errors.length} parse errors`;
  return `${count} left part of the input unread (${shown.join(', ')}${more})`;
}

function kindsPresent(rule: Rule, index: ResourceIndex, previous: ResourceIndex | undefined): boolean {
  return rule.kinds.some((kind) => index.has(kind) || previous?.has(kind) === true);
}

function isSuppressed(resource: Resource, ruleId: string): boolean {
  const value = resource.annotations[IGNORE_ANNOTATION];
  if (value === undefined) return false;
  return value.split(',').some((id) => {
    const trimmed = id.trim();
    return trimmed === '*' || trimmed === ruleId;
  });
}

function toEngineFinding(
  rule: Rule,
  finding: RuleFinding,
  severity: Severity,
  complete: boolean,
  unread: string | undefined,
  parsedBy: Readonly<Record<Resource['source'], ParsedManifests | undefined>>,
): EngineFinding {
  const locate = (resource: Resource, path: Path, lineOffset?: number): number =>
    parsedBy[resource.source]?.locators.get(resource.uid)?.(path, lineOffset) ?? resource.line;
  const seen = new Set<string>([finding.resource.uid]);
  const related: ResourceRef[] = [];
  for (const ref of finding.related ?? []) {
    if (seen.has(ref.resource.uid)) continue;
    seen.add(ref.resource.uid);
    related.push(refOf(ref.resource, ref.path ? locate(ref.resource, ref.path) : ref.resource.line));
  }
  return {
    ruleId: rule.id,
    severity,
    message: evidenceMessage(finding, complete, unread),
    fix: finding.fix,
    resource: refOf(finding.resource, finding.resource.line),
    related,
    line: locate(finding.resource, finding.path, finding.lineOffset),
    path: formatPath(finding.path),
    entryKey: rule.entryKey,
    evidence: finding.absent === undefined ? 'contradiction' : 'absence',
  };
}

function refOf(resource: Resource, line: number): ResourceRef {
  return { kind: resource.kind, name: resource.name, namespace: resource.namespace, line, source: resource.source, file: resource.file };
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** ['spec', 'http', 0, 'route'] -> "spec.http[0].route"; odd keys are quoted: metadata.labels["app.kubernetes.io/name"]. */
export function formatPath(path: Path): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (PLAIN_KEY.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

const SOURCE_ORDER: Record<Resource['source'], number> = { manifests: 0, previous: 1, context: 2 };

function compareFindings(a: EngineFinding, b: EngineFinding): number {
  const source = SOURCE_ORDER[a.resource.source] - SOURCE_ORDER[b.resource.source];
  return (
    source ||
    compareText(a.resource.file, b.resource.file) ||
    a.line - b.line ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function namespacesOf(...parsed: (ParsedManifests | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const p of parsed) {
    for (const r of p?.resources ?? []) {
      out.add(r.namespace);
      if (r.kind === 'Namespace') out.add(r.name);
    }
  }
  return out;
}

interface EffectiveObjects {
  readonly objects: readonly Resource[];
  readonly notes: readonly { readonly source: Resource['source']; readonly replaced: Resource['source']; readonly text: string }[];
}

/**
 * The same kind/namespace/name in two files or documents is one object for the API server: each
 * `kubectl apply` overwrites the previous one, so the last definition in input order is the one
 * every rule sees. API versions do not matter (v1alpha3 and v1beta1 of a kind are the same stored
 * object); API groups do.
 */
export function effectiveObjects(resources: readonly Resource[]): EffectiveObjects {
  const last = new Map<string, Resource>();
  for (const r of resources) last.set(identityOf(r), r);
  const notes: { source: Resource['source']; replaced: Resource['source']; text: string }[] = [];
  const objects: Resource[] = [];
  for (const r of resources) {
    const winner = last.get(identityOf(r));
    if (winner === r) {
      objects.push(r);
      continue;
    }
    if (!winner) continue;
    notes.push({
      source: winner.source,
      replaced: r.source,
      text: `${r.file}:${r.line}: ${r.kind} ${objectName(r)} is defined again at ${winner.file}:${winner.line}${winner.source === r.source ? '' : ` (${winner.source})`}; the later definition is used, as applying both would leave it`,
    });
  }
  return { objects, notes };
}

function identityOf(r: Resource): string {
  // The group stays part of the identity: a Gateway API `Gateway` is not an Istio `Gateway`.
  // A cluster-scoped object has no namespace: one written on it is ignored by the API server.
  return `${apiGroup(r.apiVersion)}\u0000${r.kind}\u0000${isClusterScoped(r.kind) ? '' : r.namespace}\u0000${r.name}`;
}

// --- validation of untrusted options ---------------------------------------------------------

function checkInputs(inputs: unknown, what: string): readonly ManifestInput[] {
  if (!Array.isArray(inputs)) throw new BadUserInputError(`${what}: expected YAML text or a list of {file, text}.`);
  for (const input of inputs as unknown[]) {
    const record = input as { file?: unknown; text?: unknown } | null;
    if (record === null || typeof record !== 'object' || typeof record.file !== 'string' || typeof record.text !== 'string') {
      throw new BadUserInputError(`${what}: every input needs a string "file" and a string "text".`);
    }
  }
  return inputs as readonly ManifestInput[];
}

function checkUnservedApis(value: unknown): 'skip' | 'judge' {
  if (value === undefined || value === null) return 'skip';
  if (value === 'skip' || value === 'judge') return value;
  throw new BadUserInputError('unservedApis: expected "skip" or "judge".');
}

function checkBoolean(value: unknown, what: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  throw new BadUserInputError(`Invalid ${what} option ${JSON.stringify(value)}: expected true or false.`);
}

/** A Kubernetes namespace name (RFC 1123 label), as `kubectl apply -n` accepts it. */
function checkNamespace(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'default';
  if (typeof value === 'string' && value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) return value;
  throw new BadUserInputError(`Invalid namespace ${JSON.stringify(value)}: expected a Kubernetes namespace name (lower-case letters, digits and '-', at most 63).`);
}

function checkSeverity(value: unknown): Severity {
  if (value === undefined) return 'INFO';
  if (value === 'INFO' || value === 'WARNING' || value === 'ERROR') return value;
  throw new BadUserInputError(`Invalid minSeverity ${JSON.stringify(value)}: expected INFO, WARNING or ERROR.`);
}

function checkIgnore(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new BadUserInputError('Invalid ignore option: expected a list of rule ids.');
  }
  return value as string[];
}
