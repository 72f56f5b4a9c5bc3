-- The knowledge base on PostgreSQL: the tables of prisma/schema.prisma (as `prisma migrate diff`
-- writes them for the postgresql provider), plus what the Prisma schema cannot express: the search
-- columns with their GIN indexes and triggers (src/repositories/postgres/search.ts), and the
-- database generation that replicas' caches follow (src/repositories/postgres/generation.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "DocVersion" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "major" INTEGER NOT NULL,
    "minor" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "DocVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Page" (
    "id" SERIAL NOT NULL,
    "versionId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "rawHash" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "ingestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Page_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Entry" (
    "id" SERIAL NOT NULL,
    "pageId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "level" INTEGER NOT NULL DEFAULT 2,
    "parentKey" TEXT,
    "paragraphs" TEXT NOT NULL DEFAULT '[]',
    "symptoms" TEXT NOT NULL DEFAULT '[]',
    "causes" TEXT NOT NULL DEFAULT '[]',
    "fixes" TEXT NOT NULL DEFAULT '[]',
    "errorMessages" TEXT NOT NULL DEFAULT '[]',
    "commands" TEXT NOT NULL DEFAULT '[]',
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Snippet" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kinds" TEXT NOT NULL DEFAULT '[]',
    "parseError" TEXT,
    CONSTRAINT "Snippet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestRun" (
    "id" SERIAL NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "sources" TEXT NOT NULL DEFAULT '[]',
    "summary" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "IngestRun_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "DocVersion_name_key" ON "DocVersion"("name");
CREATE INDEX "DocVersion_major_minor_idx" ON "DocVersion"("major", "minor");
CREATE INDEX "Page_source_idx" ON "Page"("source");
CREATE UNIQUE INDEX "Page_versionId_url_key" ON "Page"("versionId", "url");
CREATE INDEX "Entry_versionId_slug_idx" ON "Entry"("versionId", "slug");
CREATE INDEX "Entry_key_idx" ON "Entry"("key");
CREATE INDEX "Entry_pageId_idx" ON "Entry"("pageId");
CREATE UNIQUE INDEX "Entry_versionId_key_key" ON "Entry"("versionId", "key");
CREATE UNIQUE INDEX "Snippet_entryId_position_key" ON "Snippet"("entryId", "position");

ALTER TABLE "Page" ADD CONSTRAINT "Page_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Snippet" ADD CONSTRAINT "Snippet_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The database generation: one row, bumped by every ingest inside its transaction and announced
-- with NOTIFY kb_generation on commit. Replicas key their caches on it.
CREATE TABLE "kb_generation" (
    "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
    "generation" BIGINT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "kb_generation" ("id", "generation") VALUES (1, 1);

-- Full-text search. The counterpart of FTS5's 'porter unicode61 remove_diacritics 2': text is
-- unaccented and split at every non-alphanumeric character before parsing (kb_words), so tokens are
-- what unicode61 makes of it ("istio-proxy" is istio + proxy, "proxy_http_version" three words),
-- then stemmed by the English Snowball stemmer WITHOUT a stop-word list (FTS5 has none either, and
-- "not", "no", "after" matter in operators' questions). The unaccent dictionary in front also
-- covers text that reaches the configuration without kb_words.
CREATE TEXT SEARCH DICTIONARY istio_kb_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION istio_kb (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION istio_kb
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
    WITH unaccent, istio_kb_stem;

-- Porter (FTS5) stems "503s" to "503", Snowball keeps it: a plural "s" after a digit is dropped here.
CREATE FUNCTION kb_words(doc TEXT) RETURNS TEXT LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(public.unaccent(doc), '[^[:alnum:]]+', ' ', 'g'), '([0-9])[sS]( |$)', '\1\2', 'g')
$$;

CREATE FUNCTION kb_tsvector(doc TEXT) RETURNS tsvector LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT to_tsvector('istio_kb', kb_words(doc))
$$;

-- The lines of a JSON text array, one text.
CREATE FUNCTION kb_lines(arr TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(value, E'\n'), '') FROM json_array_elements_text(arr::json)
$$;

-- Whole identifiers (ISTIO_MUTUAL, proxy_http_version, sidecar.istio.io/inject, istio-proxy), which
-- the default parser splits: lower-cased, unaccented words with `_ - . /` kept inside, trailing
-- punctuation dropped ("ISTIO_MUTUAL." is istio_mutual). The counterpart of SQLite's entry_terms.
CREATE FUNCTION kb_terms(doc TEXT) RETURNS tsvector LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT t)), ''::tsvector)
    FROM (
        SELECT btrim(m[1], '_-./') AS t
        FROM regexp_matches(lower(public.unaccent(doc)), '([[:alnum:]_./-]+)', 'g') AS m
    ) s
    WHERE t <> ''
$$;

-- Prose fields with weights: A title, B quoted error messages and symptoms, C causes and fixes, D body.
-- Code is its own column (it counts for candidates and BM25, not for coverage).
ALTER TABLE "Entry"
    ADD COLUMN "search_prose" tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN "search_code" tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN "search_terms" tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN "search_terms_code" tsvector NOT NULL DEFAULT ''::tsvector,
    -- Tokens in prose + code, for BM25's length normalisation.
    ADD COLUMN "search_prose_length" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "search_length" INTEGER NOT NULL DEFAULT 0;

-- Number of tokens (positions) of a tsvector.
CREATE FUNCTION kb_token_count(v tsvector) RETURNS INTEGER LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(sum(cardinality(positions)), 0)::int FROM unnest(v)
$$;

CREATE FUNCTION kb_entry_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gap CONSTANT tsvector := 'kbgap:1'::tsvector;
BEGIN
    -- Fields are separated by a one-position gap (a placeholder lexeme, then deleted), so a phrase
    -- never matches across two fields, as FTS5 matches phrases within one column.
    NEW."search_prose" := ts_delete(
        setweight(kb_tsvector(NEW."title"), 'A') || gap ||
        setweight(kb_tsvector(kb_lines(NEW."errorMessages")), 'B') || gap ||
        setweight(kb_tsvector(kb_lines(NEW."symptoms")), 'B') || gap ||
        setweight(kb_tsvector(kb_lines(NEW."causes")), 'C') || gap ||
        setweight(kb_tsvector(kb_lines(NEW."fixes")), 'C') || gap ||
        setweight(kb_tsvector(kb_lines(NEW."paragraphs")), 'D'),
        'kbgap');
    NEW."search_prose_length" := kb_token_count(NEW."search_prose");
    NEW."search_length" := NEW."search_prose_length" + kb_token_count(NEW."search_code");
    NEW."search_terms" := kb_terms(NEW."title" || E'\n' || kb_lines(NEW."errorMessages") || E'\n' || kb_lines(NEW."paragraphs"));
    RETURN NEW;
END
$$;

CREATE TRIGGER "Entry_search" BEFORE INSERT OR UPDATE OF "title", "errorMessages", "symptoms", "causes", "fixes", "paragraphs" ON "Entry"
    FOR EACH ROW EXECUTE FUNCTION kb_entry_search();

-- An entry's code vectors follow its snippets; statement-level, so createMany updates each entry once.
CREATE FUNCTION kb_entry_code(ids INTEGER[]) RETURNS void LANGUAGE sql AS $$
    UPDATE "Entry" e SET
        "search_code" = kb_tsvector(c.code),
        "search_terms_code" = kb_terms(c.code),
        "search_length" = e."search_prose_length" + kb_token_count(kb_tsvector(c.code))
    FROM (
        SELECT e2."id", coalesce((SELECT string_agg(s."code", E'\n' ORDER BY s."position") FROM "Snippet" s WHERE s."entryId" = e2."id"), '') AS code
        FROM "Entry" e2 WHERE e2."id" = ANY(ids)
    ) c
    WHERE e."id" = c."id"
$$;

CREATE FUNCTION kb_snippet_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kb_entry_code(ARRAY(SELECT DISTINCT "entryId" FROM new_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION kb_snippet_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kb_entry_code(ARRAY(SELECT DISTINCT "entryId" FROM old_rows));
    RETURN NULL;
END
$$;

CREATE TRIGGER "Snippet_search_insert" AFTER INSERT ON "Snippet" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_snippet_inserted();
CREATE TRIGGER "Snippet_search_delete" AFTER DELETE ON "Snippet" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_snippet_deleted();

CREATE INDEX "Entry_search_prose_idx" ON "Entry" USING GIN ("search_prose");
CREATE INDEX "Entry_search_code_idx" ON "Entry" USING GIN ("search_code");
CREATE INDEX "Entry_search_terms_idx" ON "Entry" USING GIN ("search_terms");
CREATE INDEX "Entry_search_terms_code_idx" ON "Entry" USING GIN ("search_terms_code");

-- The surface vocabulary for typo correction (words of the identifier columns and their parts),
-- rebuilt by each ingest in its transaction; a trigram index finds the words close to a typo.
CREATE TABLE "kb_vocabulary" (
    "word" TEXT PRIMARY KEY,
    "ndoc" INTEGER NOT NULL
);
CREATE INDEX "kb_vocabulary_trgm_idx" ON "kb_vocabulary" USING GIN ("word" gin_trgm_ops);
