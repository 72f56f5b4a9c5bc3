// The MCP tools' input and output schemas, built from the REST API's zod schemas (src/rest/schemas.ts):
// one definition validates REST requests, documents OpenAPI and becomes the tools' JSON Schema, so
// the transports cannot drift. Descriptions come from the same documentation registry.
import { completable } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { DiagnoseAnswer, DiagnoseJson, Entry, EntryParams, PassagesAnswer, SearchAnswer, SearchQuery, VersionQuery, VersionsAnswer, docs } from '../rest/schemas.ts';

/** The schema with its REST description as JSON Schema `description` (what a model reads). */
function described<T extends z.ZodType>(schema: T, description?: string): T {
  const text = description ?? docs.get(schema)?.description;
  return text ? schema.meta({ description: text }) : schema;
}

/**
 * The schema's JSON Schema computed once. The SDK converts a tool's schemas for every server it
 * builds, and HTTP builds one per request; converting the diagnosis and entry schemas each time
 * cost more than answering from the cache. Applied to schemas owned by this module only.
 */
function convertedOnce<T extends z.ZodType>(schema: T): T {
  const std = schema['~standard'] as T['~standard'] & { jsonSchema?: Record<'input' | 'output', (options: { target: string }) => unknown> };
  const convert = std.jsonSchema;
  if (!convert) return schema;
  const memo = new Map<string, unknown>();
  const once = (io: 'input' | 'output') => (options: { target: string }) => {
    const key = `${io}:${options.target}`;
    if (!memo.has(key)) memo.set(key, convert[io](options));
    return structuredClone(memo.get(key));
  };
  Object.defineProperty(schema, '~standard', { value: { ...std, jsonSchema: { input: once('input'), output: once('output') } }, configurable: true });
  return schema;
}

/** Every field of an object schema with its REST description. */
function documented<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<S> {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([name, field]) => [name, described(field as z.ZodType)]));
  return schema.extend(shape) as unknown as z.ZodObject<S>;
}

export const SearchGuidelinesInput = convertedOnce(z.object({
  query: described(SearchQuery.shape.q, 'What the operator asks or sees: symptoms, a pasted error line, resource names.'),
  version: described(SearchQuery.shape.version, 'Istio doc version such as "1.4" (a patch such as 1.4.6 means 1.4) or "latest". Absent: every version, each guideline once in its newest matching version.'),
  limit: described(SearchQuery.shape.limit, 'How many guidelines (default 5; capped by the server).'),
}));

export const SearchGuidelinesOutput = convertedOnce(SearchAnswer.extend({
  query: z.string(),
  version: z.string().nullable().meta({ description: 'The version searched; null when every version was searched.' }),
  passages: PassagesAnswer.shape.passages.meta({ description: 'Citable chunks (symptom, cause, fix, ...) of the best guidelines, each with its url#anchor.' }),
}));

export const GetGuidelineInput = convertedOnce(z.object({
  slug: described(EntryParams.shape.slug, 'The guideline\'s heading id (slug) or its stable key, as search_guidelines returns them.'),
  version: described(VersionQuery.shape.version, 'Istio doc version; absent: the newest version that has the guideline.'),
}));

export const GetGuidelineOutput = convertedOnce(Entry.extend({}));

export const ListVersionsInput = convertedOnce(z.object({}));

export const ListVersionsOutput = convertedOnce(VersionsAnswer.extend({ versions: VersionsAnswer.shape.versions.meta({ description: 'Newest first.' }) }));

/** REST's JSON diagnose body: manifests, version, previous, complete, context, namespace, ignore, minSeverity. */
export const DiagnoseManifestsInput = convertedOnce(documented(DiagnoseJson));

export const DiagnoseManifestsOutput = convertedOnce(DiagnoseAnswer.extend({}));

/** The prompt's arguments; `version` completes to the known versions. */
export function promptArgs(maxQuestionLength: number, versions: () => Promise<string[]>) {
  return convertedOnce(
    z.object({
      question: z.string().min(1).max(maxQuestionLength).meta({ description: 'The operator\'s question or error message.' }),
      version: completable(z.string().max(40).optional().meta({ description: 'The Istio version the operator runs, e.g. 1.4.' }), async (value) =>
        (await versions()).filter((v) => v.startsWith(value ?? '')),
      ),
    }),
  );
}

export type SearchGuidelinesAnswer = z.infer<typeof SearchGuidelinesOutput>;
export type VersionsListAnswer = z.infer<typeof ListVersionsOutput>;
