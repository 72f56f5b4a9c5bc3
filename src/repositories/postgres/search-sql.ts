// The statements the PostgreSQL search runs per question (each part, word, identifier or entry at
// most once per generation; see search-index.ts for the caches). Each is one statement, so it reads
// one snapshot, and returns the generation row of that snapshot: an answer is never computed from
// two knowledge bases (GenerationMoved when an ingest committed since the generation was loaded).
import type pg from 'pg';
import { MAX_COMPLETIONS } from '../../search/plan.ts';
import { entryRecordsFromRows, type EntryRow, type SnippetRow } from '../entry-rows.ts';
import type { EntryRecord } from '../types.ts';
import type { PartRow } from './part-stats.ts';

type Queryable = Pick<pg.Pool, 'query'>;

// The statements are named: each pooled connection parses and plans them once, not per question.

/** The knowledge base moved on under a search: it starts again on the new generation. */
export class GenerationMoved extends Error {
  constructor(readonly generation: string) {
    super(`the knowledge base moved to generation ${generation}`);
  }
}

const GENERATION = `WITH g AS (SELECT "generation"::text AS g FROM "kb_generation" WHERE "id" = 1)`;

function checkGeneration(rows: readonly { g: string }[], expected: string): void {
  const seen = rows[0]?.g;
  if (seen !== undefined && seen !== expected) throw new GenerationMoved(seen);
}

/** $1 the parts' texts, $2 whether each is a prefix. */
export const PARTS_SQL = `${GENERATION},
     q AS (SELECT p.i, k.* FROM unnest($1::text[], $2::boolean[]) WITH ORDINALITY AS p(txt, prefix, i) CROSS JOIN LATERAL kb_part_query(p.txt, p.prefix) k)
     SELECT g.g, q.i, q.terms, r."id", r.sizes, r.prose, r.code
     FROM g CROSS JOIN q LEFT JOIN LATERAL (
       SELECT e."id", e."search_sizes" AS sizes,
              kb_keep(e."search_prose", q.lexemes, q.patterns)::text AS prose,
              kb_keep(e."search_code", q.lexemes, q.patterns)::text AS code
       FROM "Entry" e
       WHERE q.query IS NOT NULL AND (e."search_prose" @@ q.query OR e."search_code" @@ q.query)
     ) r ON true`;

/** $1 words, $2 the edits of a typo of each (0: no typo candidates), $3 whether to complete each. */
export const WORDS_SQL = `${GENERATION}
     SELECT g.g, q.w, t."ndoc" AS df,
            CASE WHEN q.complete THEN ARRAY(
              SELECT x."word" FROM "kb_typo_words" x
              WHERE x."word" COLLATE "C" >= q.w AND x."word" COLLATE "C" < q.w || chr(1114111)
              ORDER BY x."ndoc" DESC, x."word" COLLATE "C" LIMIT ${MAX_COMPLETIONS}) END AS completions,
            n.words AS near, n.dfs AS near_df
     FROM g CROSS JOIN unnest($1::text[], $2::int[], $3::boolean[]) AS q(w, edits, complete)
     LEFT JOIN "kb_typo_words" t ON t."word" = q.w
     LEFT JOIN LATERAL (
       SELECT array_agg(c."word") AS words, array_agg(c."ndoc") AS dfs
       FROM kb_typo_candidates(q.w, CASE WHEN t."ndoc" IS NULL THEN q.edits ELSE 0 END) c
     ) n ON true`;

/** $1 whole identifiers (terms). */
export const IDENTIFIERS_SQL = `${GENERATION}
     SELECT g.g, q.i, e."id"
     FROM g CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS q(term, i)
     LEFT JOIN LATERAL (
       SELECT e."id" FROM "Entry" e
       WHERE e."search_terms" @@ kb_term_query(q.term) OR e."search_terms_code" @@ kb_term_query(q.term)
     ) e ON true`;

/** $1 entry ids. */
export const ENTRIES_SQL = `${GENERATION}
     SELECT g.g, r.* FROM g LEFT JOIN LATERAL (
       SELECT e."id", e."key", e."slug", e."title", e."url", e."level", e."position", e."paragraphs", e."symptoms", e."causes", e."fixes",
              e."errorMessages", e."commands", e."contentHash", (extract(epoch FROM e."updatedAt") * 1000)::float8 AS "updatedAt",
              v."name" AS version, p."url" AS "pageUrl", p."title" AS "pageTitle",
              (SELECT json_agg(json_build_object('entryId', s."entryId", 'language', s."language", 'code', s."code", 'kinds', s."kinds",
                                                 'parseError', s."parseError") ORDER BY s."position")
               FROM "Snippet" s WHERE s."entryId" = e."id") AS snippets
       FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId" JOIN "Page" p ON p."id" = e."pageId"
       WHERE e."id" = ANY($1::int[])
     ) r ON true`;

/** A part as the index answers it: its terms in FTS5's form and the rows it matches. */
export interface PartAnswer {
  readonly terms: readonly string[];
  readonly rows: PartRow[];
}

/**
 * Candidates of parts: the rows whose search_prose or search_code matches the part's tsquery (the GIN
 * indexes answer `@@`), each with its column sizes and the part's lexemes with their positions.
 */
export async function queryParts(db: Queryable, generation: string, parts: readonly { text: string; prefix: boolean }[]): Promise<PartAnswer[]> {
  const { rows } = await db.query<{ g: string; i: string; terms: string[]; id: number | null; sizes: number[] | null; prose: string | null; code: string | null }>({
    name: 'kb_search_parts',
    text: PARTS_SQL,
    values: [parts.map((p) => p.text), parts.map((p) => p.prefix)],
  });
  checkGeneration(rows, generation);
  const out: PartAnswer[] = parts.map(() => ({ terms: [], rows: [] }));
  for (const r of rows) {
    const i = Number(r.i) - 1;
    const answer = { terms: r.terms, rows: out[i]?.rows ?? [] };
    if (r.id !== null) answer.rows.push({ id: r.id, sizes: r.sizes ?? [], prose: r.prose ?? '', code: r.code ?? '' });
    out[i] = answer;
  }
  return out;
}

/** What the vocabulary says of a word: its document frequency and, when asked, its completions and typo candidates. */
export interface WordFacts {
  /** Rows of the term holding the word most (0: not a word of the vocabulary). */
  readonly df: number;
  /** The most common vocabulary words starting with it (MAX_COMPLETIONS). */
  readonly completions?: readonly string[];
  /** Vocabulary words that may be within its typo's edits (a superset; empty when it is a word). */
  readonly near?: readonly string[];
}

/** A word and what is asked of it beyond its document frequency. */
export interface WordAsk {
  readonly word: string;
  readonly complete: boolean;
  /** Edits a typo of it may be away from a correction (0: no typo candidates). */
  readonly edits: number;
}

/**
 * Vocabulary facts of words: document frequency, completions (a range scan of the vocabulary's
 * byte-order index) and, for words the vocabulary lacks, typo candidates from the trigram index
 * (kb_typo_candidates). Typo candidates come with their own document frequencies.
 */
export async function queryWords(db: Queryable, generation: string, asks: readonly WordAsk[]): Promise<Map<string, WordFacts>> {
  const { rows } = await db.query<{ g: string; w: string; df: number | null; completions: string[] | null; near: string[] | null; near_df: number[] | null }>({
    name: 'kb_search_words',
    text: WORDS_SQL,
    values: [asks.map((a) => a.word), asks.map((a) => a.edits), asks.map((a) => a.complete)],
  });
  checkGeneration(rows, generation);
  const out = new Map<string, WordFacts>();
  const asked = new Map(asks.map((a) => [a.word, a]));
  for (const r of rows) {
    const a = asked.get(r.w);
    const facts: { df: number; completions?: readonly string[]; near?: readonly string[] } = { df: r.df ?? 0 };
    if (a?.complete) facts.completions = r.completions ?? [];
    if (a && a.edits > 0) facts.near = r.near ?? [];
    out.set(r.w, facts);
    r.near?.forEach((word, i) => {
      if (!out.has(word)) out.set(word, { df: r.near_df?.[i] ?? 0 });
    });
  }
  return out;
}

/** Rows holding each whole identifier (search_terms, search_terms_code; GIN-indexed), ascending. */
export async function queryIdentifiers(db: Queryable, generation: string, terms: readonly string[]): Promise<Int32Array[]> {
  const { rows } = await db.query<{ g: string; i: string; id: number | null }>({
    name: 'kb_search_identifiers',
    text: IDENTIFIERS_SQL,
    values: [terms],
  });
  checkGeneration(rows, generation);
  const lists: number[][] = terms.map(() => []);
  for (const r of rows) if (r.id !== null) lists[Number(r.i) - 1]?.push(r.id);
  return lists.map((l) => Int32Array.from(l.sort((a, b) => a - b)));
}

/** Whole entries by id (same record shape as EntryRepository), snippets in the same snapshot. */
export async function queryEntries(db: Queryable, generation: string, ids: readonly number[]): Promise<Map<number, EntryRecord>> {
  const { rows } = await db.query<{ g: string } & Partial<EntryRow> & { snippets: SnippetRow[] | null }>({
    name: 'kb_search_entries',
    text: ENTRIES_SQL,
    values: [ids],
  });
  checkGeneration(rows, generation);
  const entries = rows.filter((r): r is { g: string } & EntryRow & { snippets: SnippetRow[] | null } => r.id !== null && r.id !== undefined);
  return entryRecordsFromRows(entries, entries.flatMap((r) => r.snippets ?? []));
}
