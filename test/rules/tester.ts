// Table-driven tests for one rule: the engine runs with only that rule, and exactly the expected
// findings must appear (resource, 1-based line of the offending field, optional severity/message).
//
// YAML is used as written, except that a common indentation is removed (so cases can be indented
// in the test file); lines are counted in the string as given, the first line of the string being 1.
import { describe, expect, it } from 'vitest';
import { runDiagnose } from '../../src/rules/engine.ts';
import type { EngineFinding, EngineResult } from '../../src/rules/result.ts';
import type { Rule, Severity } from '../../src/rules/types.ts';

export interface ValidCase {
  readonly name: string;
  readonly yaml: string;
  /** Istio version; defaults to the rule's first version, else "1.0" (the guidelines' version). */
  readonly version?: string;
  /** Currently applied manifests, for rules that check the order of a change. */
  readonly previous?: string;
  readonly autoMtls?: boolean;
  /** The input is declared the whole mesh configuration (absence findings keep their severity). */
  readonly complete?: boolean;
  /** More of the cluster: resolves references, never reported on (file `context.yaml`). */
  readonly context?: string;
}

export interface ExpectedFinding {
  /** "Kind namespace/name" of the resource the finding is on. */
  readonly resource: string;
  /** 1-based line of the offending field in `yaml`. */
  readonly line: number;
  readonly severity?: Severity;
  /** A substring of the message. */
  readonly message?: string;
}

export interface InvalidCase extends ValidCase {
  readonly findings: readonly ExpectedFinding[];
}

export interface RuleCases {
  readonly valid?: readonly ValidCase[];
  readonly invalid?: readonly InvalidCase[];
}

export function dedent(text: string): string {
  const lines = text.split('\n');
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, line.length - line.trimStart().length);
  }
  if (!Number.isFinite(indent) || indent === 0) return text;
  return lines.map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length))).join('\n');
}

export function runRuleCase(rule: Rule, c: ValidCase): EngineResult {
  return runDiagnose(
    [{ file: 'case.yaml', text: dedent(c.yaml) }],
    {
      version: c.version ?? rule.versions.from ?? '1.0',
      ...(c.previous !== undefined ? { previous: [{ file: 'previous.yaml', text: dedent(c.previous) }] } : {}),
      ...(c.autoMtls !== undefined ? { autoMtls: c.autoMtls } : {}),
      ...(c.complete !== undefined ? { complete: c.complete } : {}),
      ...(c.context !== undefined ? { context: [{ file: 'context.yaml', text: dedent(c.context) }] } : {}),
    },
    [rule],
  );
}

function describeFinding(f: EngineFinding): string {
  return `${f.resource.kind} ${f.resource.namespace}/${f.resource.name} line ${f.line} ${f.severity} [${f.path}] ${f.message}`;
}

function matches(actual: EngineFinding, expected: ExpectedFinding): boolean {
  return (
    `${actual.resource.kind} ${actual.resource.namespace}/${actual.resource.name}` === expected.resource &&
    actual.line === expected.line &&
    (expected.severity === undefined || actual.severity === expected.severity) &&
    (expected.message === undefined || actual.message.includes(expected.message))
  );
}

function assertClean(result: EngineResult): void {
  expect(result.parseErrors, 'the case YAML must parse').toEqual([]);
  expect(result.notes.filter((n) => n.startsWith('rule ')), 'the rule must not throw').toEqual([]);
}

/** Exactly the expected findings, in any order; the failure message lists what was found. */
export function expectFindings(result: EngineResult, expected: readonly ExpectedFinding[]): void {
  const unmatched = [...result.findings];
  const missing: ExpectedFinding[] = [];
  for (const e of expected) {
    const at = unmatched.findIndex((a) => matches(a, e));
    if (at >= 0) unmatched.splice(at, 1);
    else missing.push(e);
  }
  if (missing.length > 0 || unmatched.length > 0) {
    const lines = [
      ...missing.map((m) => `missing:    ${m.resource} line ${m.line}${m.severity ? ` ${m.severity}` : ''}${m.message ? ` "${m.message}"` : ''}`),
      ...unmatched.map((u) => `unexpected: ${describeFinding(u)}`),
      'all findings:',
      ...result.findings.map((f) => `  ${describeFinding(f)}`),
    ];
    expect.fail(lines.join('\n'));
  }
}

export function testRule(rule: Rule, cases: RuleCases): void {
  describe(`rule ${rule.id}`, () => {
    for (const c of cases.valid ?? []) {
      it(`valid: ${c.name}`, () => {
        const result = runRuleCase(rule, c);
        assertClean(result);
        expectFindings(result, []);
      });
    }
    for (const c of cases.invalid ?? []) {
      it(`invalid: ${c.name}`, () => {
        const result = runRuleCase(rule, c);
        assertClean(result);
        expect(c.findings.length, 'an invalid case must expect at least one finding').toBeGreaterThan(0);
        expectFindings(result, c.findings);
        for (const f of result.findings) {
          expect(f.fix.length, 'every finding needs a fix').toBeGreaterThan(0);
          expect(f.entryKey).toBe(rule.entryKey);
        }
      });
    }
  });
}
