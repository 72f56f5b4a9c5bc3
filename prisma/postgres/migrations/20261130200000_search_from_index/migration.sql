-- The search reads the database's index per question instead of a copy of the postings in each
-- replica (src/repositories/postgres/search-index.ts): candidates of each part of a question come from
-- the GIN-indexed tsvectors (search_prose, search_code; whole identifiers from search_terms and
-- search_terms_code), BM25's collection statistics from kb_search_stats, typo candidates from a
-- trigram-indexed word vocabulary. All of it is rebuilt by each ingest in its transaction
-- (refreshSearchIndex), so it moves with the generation row.

-- Collection statistics for BM25: rows (N) and tokens per column (title, error messages, symptoms,
-- causes, fixes, body, code; the average row length is their sum over N, as FTS5 computes it).
CREATE TABLE "kb_search_stats" (
    "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
    "rows" INTEGER NOT NULL,
    "column_tokens" BIGINT[] NOT NULL
);

-- The surface words of the identifier vocabulary (kb_vocabulary split at every non-alphanumeric
-- character), each with the most rows of a term holding it: what typo correction and completion read
-- (SQLite's IndexVocabulary). Only words with a letter and at most 40 characters, as there.
CREATE TABLE "kb_typo_words" (
    "word" TEXT PRIMARY KEY,
    "ndoc" INTEGER NOT NULL
);
CREATE INDEX "kb_typo_words_trgm_idx" ON "kb_typo_words" USING GIN ("word" gin_trgm_ops);
-- Completions of a half-typed word: a range scan in byte order, whatever the database's collation.
CREATE INDEX "kb_typo_words_prefix_idx" ON "kb_typo_words" ("word" COLLATE "C");

-- Words of kb_typo_words that may be within `edits` edits (optimal string alignment: insertions,
-- deletions, substitutions, adjacent transpositions) of `w`: a superset, the caller measures the
-- distance. pg_trgm's default similarity limit (0.3) misses words two edits away: "  w " has n
-- distinct trigrams; one edit destroys at most 4 of them (a transposition) and adds at most 4, so a
-- word within k edits has a similarity of at least (n - 4k) / (n + 4k) (1/17 for 8 letters and 2
-- edits). That bound, a little lower, is the limit of this lookup, which the trigram index answers.
-- Where it gives nothing (a word of few distinct trigrams, or not plain ASCII, which pg_trgm splits
-- or hashes), the words of lengths in reach are read instead.
CREATE FUNCTION kb_typo_candidates(w TEXT, edits INTEGER) RETURNS TABLE ("word" TEXT, "ndoc" INTEGER)
LANGUAGE plpgsql VOLATILE SET pg_trgm.similarity_threshold = 0.3 AS $$
DECLARE
    n INTEGER;
    floor REAL;
BEGIN
    IF edits <= 0 THEN
        RETURN;
    END IF;
    n := cardinality(show_trgm(w));
    floor := (n - 4 * edits)::real / (n + 4 * edits) - 0.001;
    IF w !~ '^[a-z0-9]+$' OR floor <= 0 THEN
        RETURN QUERY SELECT t."word", t."ndoc" FROM "kb_typo_words" t
            WHERE char_length(t."word") BETWEEN char_length(w) - edits AND char_length(w) + edits;
        RETURN;
    END IF;
    -- Local to this call: the SET clause above restores the limit when the function returns.
    PERFORM set_config('pg_trgm.similarity_threshold', floor::text, true);
    RETURN QUERY SELECT t."word", t."ndoc" FROM "kb_typo_words" t
        WHERE t."word" % w AND char_length(t."word") BETWEEN char_length(w) - edits AND char_length(w) + edits;
END
$$;

-- A lexeme of the index as FTS5's porter has it (src/repositories/postgres/search-index.ts,
-- fts5Lexeme): the marks kb_words puts on short and digit-first tokens taken off.
CREATE FUNCTION kb_fts5_lexeme(lexeme TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN lexeme ~ '^.{1,2}qqq$' THEN left(lexeme, -3)
        WHEN lexeme ~ '^qqq[0-9]' THEN substr(lexeme, 4)
        ELSE lexeme
    END
$$;

-- The lexemes of the index that are one term for FTS5 (`do` from "doing", `doqqq` from "do").
CREATE FUNCTION kb_lexeme_forms(term TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY[term]
        || CASE WHEN char_length(term) <= 2 THEN ARRAY[term || 'qqq'] ELSE '{}'::text[] END
        || CASE WHEN term ~ '^[0-9]' THEN ARRAY['qqq' || term] ELSE '{}'::text[] END
$$;

CREATE FUNCTION kb_tsquery_lexeme(lexeme TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''''
$$;

-- One part of a question (a word, a phrase, or a prefix: the last word's term starting indexed
-- terms, as FTS5's `"text"*`), as PostgreSQL's index answers it:
--   query     the tsquery matching the rows that have it (a phrase of the text's terms, each term
--             any of its forms), NULL when the text has no term;
--   terms     the text's terms in FTS5's form, in order;
--   lexemes   the index's lexemes a row's hits can have (ts_filter keeps only these);
--   patterns  LIKE patterns of the prefix's lexemes (empty unless `prefix`).
CREATE FUNCTION kb_part_query(txt TEXT, prefix BOOLEAN, OUT query tsquery, OUT terms TEXT[], OUT lexemes TEXT[], OUT patterns TEXT[])
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
-- plpgsql, not sql: its statements are planned once per connection, not on every call.
DECLARE
    t TEXT;
    n INTEGER;
    i INTEGER := 0;
    q TEXT := '';
    forms TEXT[];
BEGIN
    terms := ARRAY(SELECT kb_fts5_lexeme(u.lexeme) FROM unnest(kb_tsvector(txt)) u CROSS JOIN LATERAL unnest(u.positions) p ORDER BY p);
    n := cardinality(terms);
    lexemes := '{}';
    patterns := '{}';
    IF n = 0 THEN
        RETURN;
    END IF;
    FOREACH t IN ARRAY terms LOOP
        i := i + 1;
        IF i > 1 THEN
            q := q || ' <-> ';
        END IF;
        IF prefix AND i = n THEN
            q := q || '(' || kb_tsquery_lexeme(t) || ':*'
                || CASE WHEN t ~ '^[0-9]' THEN ' | ' || kb_tsquery_lexeme('qqq' || t) || ':*' ELSE '' END || ')';
            patterns := ARRAY[t || '%'] || CASE WHEN t ~ '^[0-9]' THEN ARRAY['qqq' || t || '%'] ELSE '{}'::text[] END;
        ELSE
            forms := kb_lexeme_forms(t);
            q := q || '(' || (SELECT string_agg(kb_tsquery_lexeme(f), ' | ') FROM unnest(forms) f) || ')';
            lexemes := lexemes || forms;
        END IF;
    END LOOP;
    query := q::tsquery;
END
$$;

-- A row's vector with only the given lexemes and those matching the patterns, positions kept (the
-- hits of one part, whose columns and phrase occurrences the search counts).
CREATE FUNCTION kb_keep(v tsvector, lexemes TEXT[], patterns TEXT[]) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ts_filter(setweight(setweight(v, 'D'), 'A',
        lexemes || CASE WHEN cardinality(patterns) = 0 THEN '{}'::text[]
                        ELSE ARRAY(SELECT l FROM unnest(tsvector_to_array(v)) l WHERE l LIKE ANY (patterns)) END),
        '{a}')
$$;

-- A whole identifier (a term of search_terms / search_terms_code) as a tsquery.
CREATE FUNCTION kb_term_query(term TEXT) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT kb_tsquery_lexeme(term)::tsquery
$$;

-- Fill the new tables for what is there (later ingests rebuild them in their transaction).
INSERT INTO "kb_search_stats" ("id", "rows", "column_tokens")
SELECT 1, count(*), ARRAY[
    coalesce(sum("search_sizes"[1]), 0), coalesce(sum("search_sizes"[2]), 0), coalesce(sum("search_sizes"[3]), 0),
    coalesce(sum("search_sizes"[4]), 0), coalesce(sum("search_sizes"[5]), 0), coalesce(sum("search_sizes"[6]), 0),
    coalesce(sum("search_sizes"[7]), 0)]::bigint[]
FROM "Entry";
INSERT INTO "kb_typo_words" ("word", "ndoc")
SELECT m[1], max(v."ndoc") FROM "kb_vocabulary" v CROSS JOIN LATERAL regexp_matches(v."word", '[[:alnum:]]+', 'g') m
WHERE char_length(m[1]) <= 40 AND m[1] ~ '[[:alpha:]]'
GROUP BY m[1];
