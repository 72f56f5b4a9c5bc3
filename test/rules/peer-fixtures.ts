// Loads a peer-tool fixture from the shared folder (by path, never copied) and runs the engine on it,
// with helpers to compare findings with what the reference tool expects ("Kind ns/name").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runDiagnose } from '../../src/rules/engine.ts';
import { findRule } from '../../src/rules/registry.ts';
import type { DiagnoseOptions, EngineFinding, EngineResult, ManifestInput } from '../../src/rules/result.ts';
import type { Rule } from '../../src/rules/types.ts';
import { PEER_FIXTURES_DIR } from '../support/shared.ts';

export function readFixture(relativePath: string): string {
  return readFileSync(path.join(PEER_FIXTURES_DIR, relativePath), 'utf8');
}

export interface FixtureRun {
  readonly result: EngineResult;
  /** "Kind ns/name" of every finding of `ruleId`, sorted, one entry per finding. */
  readonly on: (ruleId: string) => string[];
  readonly findings: (ruleId: string) => EngineFinding[];
}

/**
 * Runs the engine on fixture files (relative to the peer-fixtures folder). `rules` defaults to the
 * given ids looked up in the registry, so that other rules' findings never blur the comparison.
 */
export function runFixture(
  files: readonly string[],
  ruleIds: readonly string[],
  options: Partial<DiagnoseOptions> = {},
  /** Inline inputs that the reference tool's test supplies in code (e.g. workloads), or edited fixture text. */
  extra: readonly ManifestInput[] = [],
  /** Rewrites a fixture's text before the run (e.g. to fix a documented typo). */
  edit: (file: string, text: string) => string = (_file, text) => text,
): FixtureRun {
  const rules = ruleIds.map((id) => {
    const rule = findRule(id);
    if (!rule) throw new Error(`unknown rule ${id}`);
    return rule;
  }) satisfies Rule[];
  const result = runDiagnose(
    [...files.map((file) => ({ file, text: edit(file, readFixture(file)) })), ...extra],
    // The fixtures test a release's semantics but are written in the apiVersion of the tool's later
    // release (v1beta1, v1): judged as written, that release's API server would refuse them.
    { version: '1.0', unservedApis: 'judge', ...options },
    rules,
  );
  const findings = (ruleId: string) => result.findings.filter((f) => f.ruleId === ruleId);
  return {
    result,
    findings,
    on: (ruleId) => findings(ruleId).map((f) => `${f.resource.kind} ${f.resource.namespace}/${f.resource.name}`).sort(),
  };
}

/** Distinct resources, sorted: for tools that report once per resource while we report per field. */
export function distinct(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}
