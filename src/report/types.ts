// What the output formatters render: the engine's result with each finding's knowledge-base entry.
import type { AppliedInputs, EngineFinding, EngineParseError } from '../rules/result.ts';

export interface ReportEntry {
  readonly key: string;
  readonly version: string;
  readonly title: string;
  readonly url: string;
}

export interface ReportFinding extends EngineFinding {
  readonly entry: ReportEntry | null;
}

export interface Report {
  /** The Istio version whose semantics were applied (after resolving a patch or `latest`). */
  readonly version?: string;
  readonly resourceCount: number;
  /** Objects left out because the judged version does not serve them (absent in reports of older callers). */
  readonly notJudgedCount?: number;
  readonly findings: readonly ReportFinding[];
  readonly parseErrors: readonly EngineParseError[];
  readonly notes: readonly string[];
  readonly suppressedCount: number;
  /** Which inputs were applied (complete, context, previous); absent in reports of older callers. */
  readonly inputs?: AppliedInputs;
}

/**
 * A diagnosis (whatever entry records it links) as the formatters' report: each entry link cut to
 * what a report shows. The CLI and REST build their text, JSON and SARIF from this one mapping.
 */
export function toReport(d: Required<Omit<Report, 'findings'>> & { readonly findings: readonly (EngineFinding & { readonly entry: ReportEntry | null })[] }): Report {
  return {
    version: d.version,
    inputs: d.inputs,
    resourceCount: d.resourceCount,
    notJudgedCount: d.notJudgedCount,
    findings: d.findings.map((f) => ({ ...f, entry: f.entry ? { key: f.entry.key, version: f.entry.version, title: f.entry.title, url: f.entry.url } : null })),
    parseErrors: [...d.parseErrors],
    notes: [...d.notes],
    suppressedCount: d.suppressedCount,
  };
}
