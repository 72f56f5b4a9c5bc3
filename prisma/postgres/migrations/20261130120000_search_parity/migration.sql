-- Search parity with SQLite. The shared ranking (src/search/rank.ts) gets the same inputs on both
-- stores only if PostgreSQL tokenises, stems and counts like FTS5 ('porter unicode61
-- remove_diacritics 2' on entry_fts, 'unicode61 ... tokenchars _-./' on entry_terms). Measured on
-- the whole archive (2,745 surface words), the English (Porter2) stemmer put 99 words in another
-- class than FTS5's porter (use/using/useful, way/ways, try/trying, tls, status, ...); Snowball's
-- original Porter differs from FTS5's only where FTS5 leaves a token shorter than 3 characters
-- unstemmed ("ns" is not "n", "ms" not "m") and in FTS5's later rule "-bli" -> "-ble" ("possibly").

CREATE TEXT SEARCH DICTIONARY istio_kb_porter (TEMPLATE = snowball, Language = porter);
ALTER TEXT SEARCH CONFIGURATION istio_kb
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
    WITH unaccent, istio_kb_porter;
DROP TEXT SEARCH DICTIONARY istio_kb_stem;

-- Tokens as unicode61 makes them (runs of letters and digits), then FTS5's porter exceptions. A
-- token of 1-2 characters gets the suffix "qqq" and one of 3 or more starting with a digit the
-- prefix "qqq" (src/repositories/postgres/search-index.ts, fts5Lexeme, takes them off again): the
-- stemmer touches neither, FTS5 leaves short tokens unstemmed ("us", "ns" stay; PostgreSQL's stemmer
-- would make them "u", "n"), and the parser would otherwise read "043e39d9" as the number 043e39 and
-- a word d9. FTS5's porter has two rules of step 2 that Snowball's has not, applied here when the
-- stem before them has a vowel-consonant pair: "-bli" -> "-ble" ("possibly": "-bly" after a non-"a"
-- becomes "-ble") and "-logi" -> "-log" ("technology", "technologies" become "technolog").
CREATE OR REPLACE FUNCTION kb_words(doc TEXT) RETURNS TEXT LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(public.unaccent(doc), '[^[:alnum:]]+', ' ', 'g'),
                '(^| )([0-9][[:alnum:]]{2,})(?= |$)', '\1qqq\2', 'g'),
            '(^| )([[:alnum:]]{1,2})(?= |$)', '\1\2qqq', 'g'),
        '(^| )([[:alnum:]]*[aeiouAEIOU][^aeiouAEIOU ][[:alnum:]]*[^aA ])[bB][lL][yY](?= |$)', '\1\2ble', 'g'),
    '(^| )([[:alnum:]]*[aeiouAEIOU][^aeiouAEIOU ][[:alnum:]]*)[lL][oO][gG](?:[yY]|[iI][eE][sS])(?= |$)', '\1\2log', 'g')
$$;

-- FTS5's token counts per column (title, error_messages, symptoms, causes, fixes, body, code): the
-- lengths BM25 normalises by, and (as positions of consecutive fields, one gap apart, see
-- kb_entry_search) which column a position of search_prose belongs to.
ALTER TABLE "Entry" ADD COLUMN "search_sizes" INTEGER[] NOT NULL DEFAULT '{0,0,0,0,0,0,0}';

-- Tokens of a text: its last position (kb_words leaves no token the configuration drops).
CREATE FUNCTION kb_size(v tsvector) RETURNS INTEGER LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(max(p), 0)::int FROM unnest(v) u CROSS JOIN LATERAL unnest(u.positions) p
$$;

-- Whole identifiers exactly as entry_terms has them: runs of letters, digits and `_ - . /`, lower-cased
-- and unaccented (leading and inner punctuation kept: "--set" is a term of its own).
CREATE OR REPLACE FUNCTION kb_terms(doc TEXT) RETURNS tsvector LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT m[1])), ''::tsvector)
    FROM regexp_matches(lower(public.unaccent(doc)), '([[:alnum:]_./-]+)', 'g') AS m
$$;

-- Prose for entry_terms drops sentence-final dots first ("ISTIO_MUTUAL." is istio_mutual), as the
-- SQLite trigger does.
CREATE FUNCTION kb_prose_terms(doc TEXT) RETURNS tsvector LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT kb_terms(replace(replace(doc || ' ', '. ', ' '), E'.\n', E'\n'))
$$;

CREATE OR REPLACE FUNCTION kb_entry_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gap CONSTANT tsvector := 'kbgap:1'::tsvector;
    t tsvector := kb_tsvector(NEW."title");
    e tsvector := kb_tsvector(kb_lines(NEW."errorMessages"));
    s tsvector := kb_tsvector(kb_lines(NEW."symptoms"));
    c tsvector := kb_tsvector(kb_lines(NEW."causes"));
    f tsvector := kb_tsvector(kb_lines(NEW."fixes"));
    b tsvector := kb_tsvector(kb_lines(NEW."paragraphs"));
BEGIN
    -- Fields are separated by a one-position gap (a placeholder lexeme, then deleted), so a phrase
    -- never matches across two fields, as FTS5 matches phrases within one column.
    NEW."search_prose" := ts_delete(
        setweight(t, 'A') || gap || setweight(e, 'B') || gap || setweight(s, 'B') || gap ||
        setweight(c, 'C') || gap || setweight(f, 'C') || gap || setweight(b, 'D'),
        'kbgap');
    NEW."search_sizes" := ARRAY[kb_size(t), kb_size(e), kb_size(s), kb_size(c), kb_size(f), kb_size(b), coalesce(NEW."search_sizes"[7], 0)];
    NEW."search_prose_length" := NEW."search_sizes"[1] + NEW."search_sizes"[2] + NEW."search_sizes"[3]
        + NEW."search_sizes"[4] + NEW."search_sizes"[5] + NEW."search_sizes"[6];
    NEW."search_length" := NEW."search_prose_length" + NEW."search_sizes"[7];
    NEW."search_terms" := kb_prose_terms(NEW."title" || E'\n' || kb_lines(NEW."errorMessages") || E'\n' || kb_lines(NEW."paragraphs"));
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION kb_entry_code(ids INTEGER[]) RETURNS void LANGUAGE sql AS $$
    UPDATE "Entry" e SET
        "search_code" = c.v,
        "search_terms_code" = kb_terms(c.code),
        "search_sizes"[7] = kb_size(c.v),
        "search_length" = e."search_prose_length" + kb_size(c.v)
    FROM (
        SELECT x."id", x.code, kb_tsvector(x.code) AS v FROM (
            SELECT e2."id", coalesce((SELECT string_agg(s."code", E'\n' ORDER BY s."position") FROM "Snippet" s WHERE s."entryId" = e2."id"), '') AS code
            FROM "Entry" e2 WHERE e2."id" = ANY(ids)
        ) x
    ) c
    WHERE e."id" = c."id"
$$;

-- The typo vocabulary holds the identifier index's terms with their row counts, as SQLite's
-- entry_terms_vocab does (src/repositories/search/vocabulary.ts splits them into words). It is read
-- into memory with each generation, and typo candidates are its words within the edit distance, as
-- on SQLite: a trigram similarity threshold missed some of them (two edits leave few trigrams in
-- common), so corrections could differ between the stores. The trigram index has no reader left.
DROP INDEX "kb_vocabulary_trgm_idx";
DELETE FROM "kb_vocabulary";

-- Re-index what is there (the triggers do it for new rows).
UPDATE "Entry" SET "title" = "title";
SELECT kb_entry_code(ARRAY(SELECT "id" FROM "Entry"));
INSERT INTO "kb_vocabulary" ("word", "ndoc")
SELECT word, ndoc FROM ts_stat('SELECT "search_terms" || "search_terms_code" FROM "Entry"');
UPDATE "kb_generation" SET "generation" = "generation" + 1, "changedAt" = now() WHERE "id" = 1;
