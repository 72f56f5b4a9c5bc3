// The REST API's shapes, once: Fastify validates requests with these zod schemas and
// @fastify/swagger turns the same schemas into the OpenAPI document, so docs and checks cannot drift.
// Response schemas document the answers (test/api/openapi.test.ts checks real answers against them).
import { z } from 'zod';

/**
 * Documentation of these schemas: descriptions, and ids for the named ones (they become
 * `components.schemas`, referenced with $ref). Its own registry rather than zod's global one, which
 * fastify-type-provider-zod would not read descriptions from and which would refuse a repeated id.
 */
export const docs = z.registry<{ id?: string; description?: string }>();

function named<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  docs.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

// ---- requests ----

const SEVERITY = z.enum(['ERROR', 'WARNING', 'INFO']);
/** Severities as people type them: `error`, `Warning` and `INFO` all mean the same. */
const SEVERITY_INPUT = z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), SEVERITY);
const version = z.string().max(200).optional().register(docs, { description: 'Doc version, e.g. "1.0", a patch version such as "1.0.6", or latest. Absent: search covers every version (each guideline once, newest first); lookups use the newest version that has the entry; diagnose uses the newest Istio semantics the rules know.' });
const limit = z.coerce
  .number<string | number>()
  .int()
  .min(0)
  .optional()
  .register(docs, { description: 'Page size; capped by the server (PAGE_MAX_SIZE).' });
const cursor = z.string().max(200).optional().register(docs, { description: '`nextCursor` of the previous page.' });

export const SearchQuery = z.object({
  q: z.string().register(docs, { description: 'Free text: symptoms, error messages, resource names. Never interpreted as FTS syntax.' }),
  version,
  limit,
  cursor,
});
export const PassagesQuery = z.object({ q: SearchQuery.shape.q, version, limit });
export const EntriesQuery = z.object({ version, limit, cursor });
export const VersionQuery = z.object({ version });
export const EntryParams = z.object({ slug: z.string().min(1).max(300).register(docs, { description: 'Entry slug (heading id) or knowledge-base key.' }) });
export const CompareQuery = z.object({
  from: z.string().min(1).max(40).register(docs, { description: 'Older doc version.' }),
  to: z.string().min(1).max(40).register(docs, { description: 'Newer doc version.' }),
});
const COMPLETE =
  'The manifests (with context) are the whole mesh configuration: a referent absent from them is an error. Without it, a finding whose only evidence is an absent referent is at most a warning that says the input may be partial.';
const complete = z.boolean().optional().register(docs, { description: COMPLETE });
const NAMESPACE =
  'The namespace the manifests are applied to, as with `kubectl apply -n`: objects that name none get it, and an object that names another is refused like a parse error (kubectl refuses it). Without it, objects that name none are in default and none is refused.';
const namespace = z.string().max(63).optional().register(docs, { description: NAMESPACE });
const context = z.string().optional().register(docs, {
  description: 'More of the cluster\'s configuration as multi-document YAML (e.g. `kubectl get vs,dr,gw,se,svc,deploy,pa -A -o yaml`): used to resolve references; findings are reported only for `manifests`.',
});

export const DiagnoseQuery = z.object({
  version,
  complete: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .register(docs, { description: `${COMPLETE} The JSON body field wins.` }),
  ignore: z.string().max(2000).optional().register(docs, { description: 'Comma-separated rule ids to suppress (the JSON body field wins).' }),
  minSeverity: SEVERITY_INPUT.optional().register(docs, { description: 'Drop findings below this severity, case-insensitive (the JSON body field wins).' }),
  namespace: z.string().max(63).optional().register(docs, { description: `${NAMESPACE} The JSON body field wins.` }),
});
export const DiagnoseJson = named(
  z.object({
    manifests: z.string().register(docs, { description: 'Kubernetes/Istio manifests as multi-document YAML.' }),
    version,
    previous: z.string().optional().register(docs, { description: 'The manifests before the change, to check the order of rollout.' }),
    complete,
    context,
    namespace,
    ignore: z.array(z.string().max(100)).max(100).optional().register(docs, { description: 'Rule ids to suppress.' }),
    minSeverity: SEVERITY_INPUT.optional().register(docs, { description: 'Drop findings below this severity (case-insensitive).' }),
  }),
  'DiagnoseRequest',
);
export const ManifestText = z.string().register(docs, { description: 'Kubernetes/Istio manifests as multi-document YAML.' });

/** Media types that carry the manifests as plain YAML text. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'] as const;

/** Every media type POST /api/v1/diagnose reads (a 415 lists them). */
export const DIAGNOSE_MEDIA_TYPES: readonly string[] = ['application/json', ...YAML_TYPES, 'text/plain'];

/** The diagnose body by media type: YAML/plain text, or JSON with options. */
export const DiagnoseBody = {
  content: {
    'application/json': { schema: DiagnoseJson },
    ...Object.fromEntries([...YAML_TYPES, 'text/plain'].map((type) => [type, { schema: ManifestText }])),
  },
};

// ---- responses ----

export const Problem = named(
  z.looseObject({
    type: z.string().register(docs, { description: 'URI of the problem type.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().register(docs, { description: 'What went wrong, naming the offending field.' }),
    code: z
      .enum(['BAD_USER_INPUT', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'NOT_READY', 'INTERNAL_SERVER_ERROR'])
      .register(docs, { description: 'Same vocabulary as GraphQL `extensions.code`.' }),
    instance: z.string().optional(),
    requestId: z.string().optional().register(docs, { description: 'Also sent as the x-request-id header.' }),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  'Problem',
  'RFC 9457 problem document.',
);

const EntryLink = z.object({ id: z.string(), slug: z.string(), key: z.string(), version: z.string(), title: z.string(), url: z.string() });

export const Rule = named(
  z.object({
    id: z.string(),
    title: z.string(),
    severity: SEVERITY,
    description: z.string(),
    kinds: z.array(z.string()),
    fromVersion: z.string().nullable(),
    toVersion: z.string().nullable(),
    entryKey: z.string().register(docs, { description: 'Knowledge-base key of the entry that explains the rule.' }),
  }),
  'Rule',
);

export const Entry = named(
  EntryLink.extend({
    pageTitle: z.string(),
    pageUrl: z.string(),
    symptoms: z.array(z.string()),
    causes: z.array(z.string()),
    fixes: z.array(z.string()),
    errorMessages: z.array(z.string()),
    commands: z.array(z.string()),
    paragraphs: z.array(z.string()),
    snippets: z.array(z.object({ language: z.string(), code: z.string(), kinds: z.array(z.string()), parseError: z.string().nullable() })),
    versions: z.array(z.string()).register(docs, { description: 'Doc versions that have this guideline.' }),
    rules: z.array(Rule),
  }),
  'Entry',
);

const nextCursor = z.string().nullable().register(docs, { description: 'Pass as `cursor` for the next page; null on the last page.' });
const didYouMean = z.string().nullable().register(docs, { description: 'A spelling suggestion when the query matched little.' });

export const VersionsAnswer = z.object({
  versions: z.array(
    z.object({
      name: z.string(),
      isLatest: z.boolean(),
      entryCount: z.number().int(),
      pageCount: z.number().int(),
      ingestedAt: z.string().nullable().register(docs, { description: 'When the version\'s pages were first ingested (ISO 8601).' }),
      updatedAt: z.string().nullable().register(docs, { description: 'When a page of this version last changed in the knowledge base (ISO 8601).' }),
    }),
  ),
});
export const SearchAnswer = z.object({
  total: z.number().int(),
  hits: z.array(
    z.object({
      slug: z.string(),
      key: z.string(),
      version: z.string(),
      title: z.string(),
      url: z.string(),
      score: z.number().register(docs, { description: 'Higher is better.' }),
      snippet: z.string().register(docs, { description: "A window of the guideline's text (below its title) with the matched words in <mark>; the start of the text when only the title matched." }),
    }),
  ),
  nextCursor,
  didYouMean,
});
export const PassagesAnswer = z.object({
  passages: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      version: z.string(),
      title: z.string(),
      url: z.string(),
      kind: z.enum(['SYMPTOM', 'CAUSE', 'FIX', 'ERROR', 'SNIPPET', 'PARAGRAPH']),
      text: z.string(),
      score: z.number(),
      snippet: z.string(),
    }),
  ),
  didYouMean,
});
export const EntriesAnswer = z.object({ total: z.number().int(), entries: z.array(Entry), nextCursor });
export const HistoryAnswer = z.object({
  key: z.string(),
  versions: z.array(
    z.object({ version: z.string(), title: z.string(), slug: z.string(), url: z.string(), changed: z.boolean().register(docs, { description: 'Content differs from the version before.' }) }),
  ),
});
const ListDiff = z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.object({ from: z.string(), to: z.string() })) });
const VersionRef = EntryLink.omit({ id: true, key: true });
export const CompareAnswer = z.object({
  key: z.string(),
  from: VersionRef,
  to: VersionRef,
  titleChanged: z.boolean(),
  slugChanged: z.boolean(),
  symptoms: ListDiff,
  causes: ListDiff,
  fixes: ListDiff,
  errorMessages: ListDiff,
  snippets: ListDiff,
});
export const RulesAnswer = z.object({ rules: z.array(Rule) });

const ResourceRef = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string(),
  line: z.number().int(),
  source: z.enum(['manifests', 'previous', 'context']),
  file: z.string(),
});
export const DiagnoseAnswer = named(
  z.object({
    version: z.string().register(docs, { description: 'The doc version the rules were checked against.' }),
    resourceCount: z.number().int(),
    notJudgedCount: z.number().int().register(docs, {
      description: 'Of resourceCount, the objects left out of the judgement because kubectl apply would refuse them: the judged Istio does not serve their API version (or removed their kind), or they name another namespace than the one asked for. The notes or input errors name each.',
    }),
    findings: z.array(
      z.object({
        ruleId: z.string(),
        severity: SEVERITY,
        message: z.string(),
        resource: ResourceRef,
        related: z.array(ResourceRef),
        line: z.number().int().register(docs, { description: '1-based line of the offending field.' }),
        path: z.string().register(docs, { description: 'e.g. spec.http[0].route[0].destination.subset' }),
        fix: z.string(),
        source: z.enum(['manifests', 'previous']),
        evidence: z.enum(['contradiction', 'absence']).register(docs, {
          description: 'contradiction: objects present in the input disagree; absence: the only evidence is a referent missing from the input (at most WARNING unless complete).',
        }),
        entry: EntryLink.nullable().register(docs, { description: 'The guideline that explains the finding.' }),
      }),
    ),
    parseErrors: z.array(
      z.object({ message: z.string(), line: z.number().int().nullable(), column: z.number().int().nullable(), source: z.enum(['manifests', 'previous']), file: z.string() }),
    ),
    notes: z.array(z.string()),
    suppressedCount: z.number().int(),
    inputs: z
      .object({
        complete: z.boolean(),
        contextResources: z.number().int(),
        previousResources: z.number().int(),
      })
      .register(docs, { description: 'The inputs the findings rest on: whether the manifests were declared complete, and how many objects context and previous held.' }),
  }),
  'Diagnosis',
);

export const HealthAnswer = z.object({ status: z.string() });

// ---- response maps ----

const ERRORS: Record<number, string> = {
  400: 'Invalid input; `detail` names the field.',
  404: 'No such entry.',
  413: 'Body or manifests over the configured limits.',
  415: 'Unsupported media type.',
  429: 'Rate limited; see retry-after.',
  500: 'Unexpected failure (logged).',
};

/** The 200 answer and the problem documents a route can send; `cached` routes also answer 304. */
export function responses(ok: z.ZodType, description: string, options: { errors?: readonly number[]; cached?: boolean } = {}) {
  const map: Record<string, unknown> = { 200: { description, content: { 'application/json': { schema: ok } } } };
  if (options.cached) map[304] = z.undefined().register(docs, { description: 'Not modified: If-None-Match matched the ETag.' });
  for (const status of [400, ...(options.errors ?? []), 429, 500]) {
    map[status] = { description: ERRORS[status] ?? 'Error.', content: { 'application/problem+json': { schema: Problem } } };
  }
  return map;
}

/** The diagnose answer may also be SARIF 2.1.0 (`Accept: application/sarif+json`). */
export function withSarif(map: Record<string, unknown>): Record<string, unknown> {
  const ok = map[200] as { description: string; content: Record<string, unknown> };
  const sarif = z.looseObject({ version: z.literal('2.1.0'), $schema: z.string(), runs: z.array(z.looseObject({})) }).register(docs, {
    description: 'SARIF 2.1.0, as `istio-kb diagnose --format sarif` prints it.',
  });
  return { ...map, 200: { ...ok, content: { ...ok.content, 'application/sarif+json': { schema: sarif } } } };
}
