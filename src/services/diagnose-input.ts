// The diagnose inputs every transport shares (GraphQL, REST, CLI, MCP): input that would let a run
// "pass" without judging anything is refused here, once, with a message that says what to change.
import { BadUserInputError } from '../errors.ts';
import type { EngineResult, ManifestInput } from '../rules/result.ts';
import type { Rule } from '../rules/types.ts';
import { compareVersions, parseVersion } from '../rules/version.ts';
import { editDistance } from '../search/edit-distance.ts';
import type { DiagnoseRequest } from './diagnose.ts';

/** Versions diagnose accepts: those the rules know, plus any doc version in the knowledge base, oldest first. */
export function knownVersions(docVersions: readonly string[], ruleVersions: readonly string[]): string[] {
  return [...new Set([...ruleVersions, ...docVersions])].sort((a, b) => compareVersions(parseVersion(a), parseVersion(b)));
}

/** "0.8, 1.0–1.25": runs of consecutive minors collapsed, so the message stays one readable line. */
export function describeVersions(versions: readonly string[]): string {
  const parsed = versions.map((v) => parseVersion(v));
  const parts: string[] = [];
  for (let i = 0; i < parsed.length; ) {
    let j = i;
    while (j + 1 < parsed.length && parsed[j + 1]!.major === parsed[j]!.major && parsed[j + 1]!.minor === parsed[j]!.minor + 1) j += 1;
    parts.push(j - i >= 2 ? `${parsed[i]!.name}–${parsed[j]!.name}` : parsed.slice(i, j + 1).map((p) => p.name).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

export class UnknownIstioVersionError extends BadUserInputError {
  constructor(requested: string, known: readonly string[]) {
    super(
      `Unknown Istio version "${requested.slice(0, 40)}": the rules know ${describeVersions(known)} (a patch release such as ${known.at(-1) ?? '1.0'}.3 means its minor).`,
      { version: requested.slice(0, 40), knownVersions: known },
    );
  }
}

/** Options that name things: an unknown rule id would silently disable nothing. */
export function checkInputs(request: DiagnoseRequest, rules: readonly Rule[]): void {
  const ids = rules.map((r) => r.id);
  const unknown = (request.ignore ?? []).filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    const hints = unknown.map((id) => {
      const near = ids.find((known) => editDistance(id, known, 3) <= 3);
      return near ? `"${id}" (did you mean "${near}"?)` : `"${id}"`;
    });
    throw new BadUserInputError(
      `Unknown rule id${unknown.length > 1 ? 's' : ''} in ignore: ${hints.join(', ')}. Known rule ids: ${ids.join(', ')}.`,
      { unknownRuleIds: unknown, knownRuleIds: ids },
    );
  }
}

/** Only blank lines, comments and document markers. Line by line: linear on any input (no regex backtracking). */
export function isBlankYaml(text: string): boolean {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || /^(?:---|\.\.\.)(?:\s+#.*)?$/.test(t)) continue;
    return false;
  }
  return true;
}

/** A comment line (not a document marker's trailing comment); only asked of blank YAML. */
function hasComment(text: string): boolean {
  return text.split('\n').some((line) => line.trim().startsWith('#'));
}

function inputsOf(manifests: DiagnoseRequest['manifests']): readonly ManifestInput[] {
  return typeof manifests === 'string' ? [{ file: 'manifests', text: manifests }] : manifests;
}

/**
 * A run that judged no Kubernetes object must not look like a clean result: empty input (a failed
 * `kubectl get … |` upstream) and text without any object are refused. An empty `kind: List` is a
 * real, empty answer from the cluster and passes; unparseable YAML is reported by parseErrors.
 */
export function checkSomethingToJudge(result: EngineResult, manifests: DiagnoseRequest['manifests']): void {
  if (result.resourceCount > 0 || result.parseErrors.length > 0) return;
  const inputs = inputsOf(manifests);
  const blank = inputs.filter((i) => isBlankYaml(i.text));
  if (blank.length === inputs.length) {
    const only = inputs.length === 1 ? inputs[0] : undefined;
    const named = only && only.file !== 'manifests' ? (only.file === '<stdin>' ? 'Standard input' : only.file) : undefined;
    // A file whose objects are all commented out (a disabled manifest kept in the repository) is not
    // empty: saying so sends the reader looking for a truncated file.
    const comments = blank.some((i) => hasComment(i.text));
    const state = comments ? `${named ? 'holds' : 'hold'} only comments` : `${named ? 'is' : 'are'} empty`;
    const why = comments ? ' (an object commented out is not applied)' : '';
    throw new BadUserInputError(`${named ?? 'The manifests'} ${state}: there is nothing to diagnose${why}.`, { reason: 'empty' });
  }
  const skipped = result.notes.filter((n) => n.includes('not a Kubernetes object'));
  if (skipped.length > 0) {
    throw new BadUserInputError(
      `No Kubernetes object in the manifests (every document needs apiVersion and kind): ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? `; … ${skipped.length - 3} more` : ''}.`,
      { reason: 'no-objects', notes: skipped },
    );
  }
}
