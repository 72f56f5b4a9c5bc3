// JSON shapes of the REST API: the same field names as the GraphQL types.
import { createRequire } from 'node:module';
import type { EntryRecord, VersionRecord } from '../repositories/types.ts';
import type { Diagnosis } from '../services/diagnose.ts';
import type { SearchResultPage } from '../services/knowledge-base.ts';
import type { Rule } from '../rules/types.ts';
import { entryId } from '../support/ids.ts';
// The SARIF writer (src/report) is a pure function of the diagnosis: REST answers the CLI's document.
import { formatSarif } from '../report/sarif.ts';
import { toReport } from '../report/types.ts';
import { packagePath } from '../support/package-root.ts';

const { version: TOOL_VERSION } = createRequire(import.meta.url)(packagePath('package.json')) as { version: string };

export const SARIF_TYPE = 'application/sarif+json';

/** SARIF when the client asks for it by name (browsers and most clients send JSON or any). */
export function wantsSarif(accept: string | undefined): boolean {
  return accept !== undefined && accept.toLowerCase().includes(SARIF_TYPE);
}

export function ruleJson(rule: Rule) {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    kinds: rule.kinds,
    fromVersion: rule.versions.from ?? null,
    toVersion: rule.versions.to ?? null,
    entryKey: rule.entryKey,
  };
}

export function entryJson(e: EntryRecord, versions: readonly string[], rules: readonly Rule[]) {
  return {
    id: entryId(e.key, e.version),
    slug: e.slug,
    key: e.key,
    version: e.version,
    title: e.title,
    url: e.url,
    pageTitle: e.pageTitle,
    pageUrl: e.pageUrl,
    symptoms: e.symptoms,
    causes: e.causes,
    fixes: e.fixes,
    errorMessages: e.errorMessages,
    commands: e.commands,
    paragraphs: e.paragraphs,
    snippets: e.snippets,
    versions,
    rules: rules.filter((r) => r.entryKey === e.key).map(ruleJson),
  };
}

function entryLink(e: EntryRecord | null) {
  return e ? { id: entryId(e.key, e.version), slug: e.slug, key: e.key, version: e.version, title: e.title, url: e.url } : null;
}

/** The versions answer of REST and of the MCP tool list_versions. */
export function versionsJson(versions: readonly VersionRecord[]) {
  return {
    versions: versions.map((v) => ({
      name: v.name,
      isLatest: v.isLatest,
      entryCount: v.entryCount,
      pageCount: v.pageCount,
      ingestedAt: v.ingestedAt?.toISOString() ?? null,
      updatedAt: v.updatedAt?.toISOString() ?? null,
    })),
  };
}

export function diagnosisJson(d: Diagnosis) {
  return {
    version: d.version,
    resourceCount: d.resourceCount,
    notJudgedCount: d.notJudgedCount,
    findings: d.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      resource: f.resource,
      related: f.related,
      line: f.line,
      path: f.path,
      fix: f.fix,
      source: f.resource.source,
      evidence: f.evidence,
      entry: entryLink(f.entry),
    })),
    parseErrors: d.parseErrors,
    notes: d.notes,
    suppressedCount: d.suppressedCount,
    inputs: d.inputs,
  };
}

export function diagnosisSarif(d: Diagnosis, rules: readonly Rule[]): object {
  return formatSarif(toReport(d), rules, TOOL_VERSION);
}

/** A search answer: REST's body, the CLI's --json and the MCP search tool's hits (one shape, so a script can move between them). */
export function searchJson(page: SearchResultPage) {
  return {
    total: page.totalCount,
    hits: page.items.map(({ node: h }) => ({
      slug: h.slug,
      key: h.key,
      version: h.version,
      title: h.title,
      url: h.url,
      score: h.score,
      snippet: h.highlights[0] ?? '',
    })),
    nextCursor: page.hasNextPage ? page.endCursor : null,
    didYouMean: page.didYouMean,
  };
}
