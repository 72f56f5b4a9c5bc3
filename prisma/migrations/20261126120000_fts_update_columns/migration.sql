-- Re-index an entry only when its searchable text changes. Ingest re-keys entries across versions
-- (key, parentKey) without touching their text; that must not rewrite the FTS rows.
DROP TRIGGER "Entry_fts_update";

CREATE TRIGGER "Entry_fts_update" AFTER UPDATE OF "title", "errorMessages", "symptoms", "causes", "fixes", "paragraphs" ON "Entry" BEGIN
    UPDATE "entry_fts" SET
        title = new."title",
        error_messages = (SELECT group_concat(value, char(10)) FROM json_each(new."errorMessages")),
        symptoms = (SELECT group_concat(value, char(10)) FROM json_each(new."symptoms")),
        causes = (SELECT group_concat(value, char(10)) FROM json_each(new."causes")),
        fixes = (SELECT group_concat(value, char(10)) FROM json_each(new."fixes")),
        body = (SELECT group_concat(value, char(10)) FROM json_each(new."paragraphs"))
    WHERE rowid = new."id";
END;
