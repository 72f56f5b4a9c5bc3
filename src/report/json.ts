// Machine-readable output. The shape is versioned (`schemaVersion`) and documented here:
//
// {
//   "schemaVersion": 1,
//   "version": "1.25",   the Istio version whose semantics were applied (as REST's `version`)
//   "resourceCount", "suppressedCount": as in REST's answer
//   "summary": { "errors", "warnings", "infos", "files", "resources", "parseErrors", "suppressed" },
//   "inputs": { "complete", "contextResources", "previousResources" },
//   "findings": [{ "ruleId", "severity", "evidence" ("contradiction" | "absence"), "message", "fix", "file", "line", "path",
//                  "resource": { kind, namespace, name, line, file, source },
//                  "related": [ResourceRef], "entry": { id, slug, key, version, title, url } | null }],
//   (each finding carries REST's fields and the entry link is REST's: the same `id` and `slug`)
//   "parseErrors": [{ "file", "line", "column", "message", "source" }],
//   "notes": [string]
// }
//
// Findings are sorted by file, line, rule id so that output is stable across runs.
import type { ResourceRef } from '../rules/result.ts';
import { entryId } from '../support/ids.ts';
import { summarize } from './summary.ts';
import type { Report } from './types.ts';

export const JSON_SCHEMA_VERSION = 1;

function resourceRef(ref: ResourceRef): ResourceRef {
  return { kind: ref.kind, namespace: ref.namespace, name: ref.name, line: ref.line, file: ref.file, source: ref.source };
}

/** REST's entry link: an entry's URL is always its page's URL with the slug (heading id) as fragment. */
function entryLink(e: { key: string; version: string; title: string; url: string }) {
  return { id: entryId(e.key, e.version), slug: e.url.slice(e.url.indexOf('#') + 1), key: e.key, version: e.version, title: e.title, url: e.url };
}

export function formatJson(report: Report): string {
  const findings = [...report.findings]
    .sort((a, b) => a.resource.file.localeCompare(b.resource.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId))
    .map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      evidence: f.evidence,
      message: f.message,
      fix: f.fix,
      file: f.resource.file,
      line: f.line,
      path: f.path,
      source: f.resource.source,
      resource: resourceRef(f.resource),
      related: f.related.map(resourceRef),
      entry: f.entry ? entryLink(f.entry) : null,
    }));
  const body = {
    schemaVersion: JSON_SCHEMA_VERSION,
    ...(report.version ? { version: report.version } : {}),
    resourceCount: report.resourceCount,
    notJudgedCount: report.notJudgedCount ?? 0,
    suppressedCount: report.suppressedCount,
    summary: summarize(report),
    inputs: report.inputs ?? { complete: false, contextResources: 0, previousResources: 0 },
    findings,
    parseErrors: report.parseErrors.map((e) => ({ file: e.file, line: e.line, column: e.column, message: e.message, source: e.source })),
    notes: [...report.notes],
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
