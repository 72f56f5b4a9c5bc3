-- Search side index (see src/repositories/search). `entry_terms` holds the same text as entry_fts but
-- without stemming and with `_ - . /` as word characters, so identifiers stay whole
-- (ISTIO_MUTUAL, proxy_http_version, sidecar.istio.io/inject, https.443.HTTPS, istio-proxy), and its
-- fts5vocab view lists the surface words that typo correction compares against. One row per Entry
-- (rowid = Entry.id), kept in sync by triggers in the writer's transaction like entry_fts.
-- Sentence-final dots are dropped before indexing so "ISTIO_MUTUAL." is indexed as "istio_mutual".
CREATE VIRTUAL TABLE "entry_terms" USING fts5(
    prose,
    code,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_-./'"
);

CREATE VIRTUAL TABLE "entry_terms_vocab" USING fts5vocab('entry_terms', 'row');

INSERT INTO "entry_terms" (rowid, prose, code)
SELECT
    e."id",
    replace(replace(
        e."title" || char(10)
        || coalesce((SELECT group_concat(value, char(10)) FROM json_each(e."errorMessages")), '') || char(10)
        || coalesce((SELECT group_concat(value, char(10)) FROM json_each(e."paragraphs")), '') || ' ',
        '. ', ' '), '.' || char(10), char(10)),
    coalesce((SELECT group_concat(code, char(10)) FROM (SELECT "code" FROM "Snippet" WHERE "entryId" = e."id" ORDER BY "position")), '')
FROM "Entry" e;

CREATE TRIGGER "Entry_terms_insert" AFTER INSERT ON "Entry" BEGIN
    INSERT INTO "entry_terms" (rowid, prose, code)
    VALUES (
        new."id",
        replace(replace(
            new."title" || char(10)
            || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new."errorMessages")), '') || char(10)
            || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new."paragraphs")), '') || ' ',
            '. ', ' '), '.' || char(10), char(10)),
        ''
    );
END;

CREATE TRIGGER "Entry_terms_update" AFTER UPDATE ON "Entry" BEGIN
    UPDATE "entry_terms" SET prose = replace(replace(
            new."title" || char(10)
            || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new."errorMessages")), '') || char(10)
            || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new."paragraphs")), '') || ' ',
            '. ', ' '), '.' || char(10), char(10))
    WHERE rowid = new."id";
END;

CREATE TRIGGER "Entry_terms_delete" AFTER DELETE ON "Entry" BEGIN
    DELETE FROM "entry_terms" WHERE rowid = old."id";
END;

CREATE TRIGGER "Snippet_terms_insert" AFTER INSERT ON "Snippet" BEGIN
    UPDATE "entry_terms" SET code = (
        SELECT group_concat(code, char(10)) FROM (
            SELECT "code" FROM "Snippet" WHERE "entryId" = new."entryId" ORDER BY "position"
        )
    ) WHERE rowid = new."entryId";
END;

CREATE TRIGGER "Snippet_terms_delete" AFTER DELETE ON "Snippet" BEGIN
    UPDATE "entry_terms" SET code = coalesce((
        SELECT group_concat(code, char(10)) FROM (
            SELECT "code" FROM "Snippet" WHERE "entryId" = old."entryId" ORDER BY "position"
        )
    ), '') WHERE rowid = old."entryId";
END;
