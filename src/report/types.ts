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
  readonly findings: readonly ReportFinding[];
  readonly parseErrors: readonly EngineParseError[];
  readonly notes: readonly string[];
  readonly suppressedCount: number;
  /** Which inputs were applied (complete, context, previous); absent in reports of older callers. */
  readonly inputs?: AppliedInputs;
}
