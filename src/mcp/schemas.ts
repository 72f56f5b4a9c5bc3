// The MCP tools' input and output schemas, built from the REST API's zod schemas (src/rest/schemas.ts):
// one definition validates REST requests, documents OpenAPI and becomes the tools' JSON Schema, so
// the transports cannot drift. Descriptions come from the same documentation registry.
import { z } from 'zod';
import { DiagnoseAnswer, DiagnoseJson, Entry, EntryParams, PassagesAnswer, SearchAnswer, SearchQuery, VersionQuery, VersionsAnswer, docs } from '../rest/schemas.ts';

/** The schema with its REST description as JSON Schema `description` (what a model reads). */
function described<T extends z.ZodType>(schema: T, description?: string): T {
  const text = description ?? docs.get(schema)?.description;
  return text ? schema.meta({ description: text }) : schema;
}

/** Every field of an object schema with its REST description. */
function documented<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<S> {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([name, field]) => [name, described(field as z.ZodType)]));
  return schema.extend(shape) as unknown as z.ZodObject<S>;
}

export const SearchGuidelinesInput = z.object({
  query: described(SearchQuery.shape.q, 'What the operator asks or sees: symptoms, a pasted error line, resource names.'),
  version: described(SearchQuery.shape.version, 'Istio doc version such as "1.4" (a patch such as 1.4.6 means 1.4) or "latest". Absent: every version, each guideline once in its newest matching version.'),
  limit: described(SearchQuery.shape.limit, 'How many guidelines (default 5; capped by the server).'),
});

export const SearchGuidelinesOutput = SearchAnswer.extend({
  query: z.string(),
  version: z.string().nullable().meta({ description: 'The version searched; null when every version was searched.' }),
  passages: PassagesAnswer.shape.passages.meta({ description: 'Citable chunks (symptom, cause, fix, ...) of the best guidelines, each with its url#anchor.' }),
});

export const GetGuidelineInput = z.object({
  slug: described(EntryParams.shape.slug, 'The guideline\'s heading id (slug) or its stable key, as search_guidelines returns them.'),
  version: described(VersionQuery.shape.version, 'Istio doc version; absent: the newest version that has the guideline.'),
});

export const GetGuidelineOutput = Entry;

export const ListVersionsInput = z.object({});

const VersionItem = VersionsAnswer.shape.versions.element.extend({
  ingestedAt: z.string().nullable().meta({ description: 'When the version\'s pages were first ingested (ISO 8601).' }),
  updatedAt: z.string().nullable().meta({ description: 'When an ingest last changed a page of this version (ISO 8601).' }),
});
export const ListVersionsOutput = z.object({ versions: z.array(VersionItem).meta({ description: 'Newest first.' }) });

/** REST's JSON diagnose body: manifests, version, previous, complete, context, ignore, minSeverity. */
export const DiagnoseManifestsInput = documented(DiagnoseJson);

export const DiagnoseManifestsOutput = DiagnoseAnswer;

export type SearchGuidelinesAnswer = z.infer<typeof SearchGuidelinesOutput>;
export type VersionsListAnswer = z.infer<typeof ListVersionsOutput>;
