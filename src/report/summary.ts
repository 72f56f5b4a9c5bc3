// Counting shared by the formatters, so text, JSON and SARIF agree on the numbers.
import type { Severity } from '../rules/types.ts';
import type { Report } from './types.ts';

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly files: number;
  readonly resources: number;
  /** Of `resources`, those the judged version does not serve (left out of the judgement). */
  readonly notJudged: number;
  readonly parseErrors: number;
  readonly suppressed: number;
}

export function summarize(report: Report): Summary {
  const count = (s: Severity): number => report.findings.filter((f) => f.severity === s).length;
  const files = new Set([...report.findings.map((f) => f.resource.file), ...report.parseErrors.map((e) => e.file)]);
  return {
    errors: count('ERROR'),
    warnings: count('WARNING'),
    infos: count('INFO'),
    files: files.size,
    resources: report.resourceCount,
    notJudged: report.notJudgedCount ?? 0,
    parseErrors: report.parseErrors.length,
    suppressed: report.suppressedCount,
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
