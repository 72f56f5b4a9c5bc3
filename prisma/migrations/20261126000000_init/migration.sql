-- CreateTable
CREATE TABLE "DocVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "major" INTEGER NOT NULL,
    "minor" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Page" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "versionId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "ingestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Page_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Entry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Entry_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Entry_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Snippet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kinds" TEXT NOT NULL DEFAULT '[]',
    "parseError" TEXT,
    CONSTRAINT "Snippet_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IngestRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "status" TEXT NOT NULL,
    "sources" TEXT NOT NULL DEFAULT '[]',
    "summary" TEXT NOT NULL DEFAULT '{}'
);

-- CreateIndex
CREATE UNIQUE INDEX "DocVersion_name_key" ON "DocVersion"("name");

-- CreateIndex
CREATE INDEX "DocVersion_major_minor_idx" ON "DocVersion"("major", "minor");

-- CreateIndex
CREATE UNIQUE INDEX "Page_versionId_url_key" ON "Page"("versionId", "url");

-- CreateIndex
CREATE UNIQUE INDEX "Entry_versionId_key_key" ON "Entry"("versionId", "key");

-- CreateIndex
CREATE INDEX "Entry_versionId_slug_idx" ON "Entry"("versionId", "slug");

-- CreateIndex
CREATE INDEX "Entry_key_idx" ON "Entry"("key");

-- CreateIndex
CREATE INDEX "Entry_pageId_idx" ON "Entry"("pageId");

-- CreateIndex
CREATE UNIQUE INDEX "Snippet_entryId_position_key" ON "Snippet"("entryId", "position");

-- Full-text search (not expressible in the Prisma schema; see src/repositories/search). One row per
-- Entry (rowid = Entry.id), kept in sync by the triggers below inside the writer's transaction, so a
-- reader never sees an entry without its search row or the other way round.
CREATE VIRTUAL TABLE "entry_fts" USING fts5(
    title,
    error_messages,
    symptoms,
    causes,
    fixes,
    body,
    code,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER "Entry_fts_insert" AFTER INSERT ON "Entry" BEGIN
    INSERT INTO "entry_fts" (rowid, title, error_messages, symptoms, causes, fixes, body, code)
    VALUES (
        new."id",
        new."title",
        (SELECT group_concat(value, char(10)) FROM json_each(new."errorMessages")),
        (SELECT group_concat(value, char(10)) FROM json_each(new."symptoms")),
        (SELECT group_concat(value, char(10)) FROM json_each(new."causes")),
        (SELECT group_concat(value, char(10)) FROM json_each(new."fixes")),
        (SELECT group_concat(value, char(10)) FROM json_each(new."paragraphs")),
        ''
    );
END;

CREATE TRIGGER "Entry_fts_update" AFTER UPDATE ON "Entry" BEGIN
    UPDATE "entry_fts" SET
        title = new."title",
        error_messages = (SELECT group_concat(value, char(10)) FROM json_each(new."errorMessages")),
        symptoms = (SELECT group_concat(value, char(10)) FROM json_each(new."symptoms")),
        causes = (SELECT group_concat(value, char(10)) FROM json_each(new."causes")),
        fixes = (SELECT group_concat(value, char(10)) FROM json_each(new."fixes")),
        body = (SELECT group_concat(value, char(10)) FROM json_each(new."paragraphs"))
    WHERE rowid = new."id";
END;

CREATE TRIGGER "Entry_fts_delete" AFTER DELETE ON "Entry" BEGIN
    DELETE FROM "entry_fts" WHERE rowid = old."id";
END;

CREATE TRIGGER "Snippet_fts_insert" AFTER INSERT ON "Snippet" BEGIN
    UPDATE "entry_fts" SET code = (
        SELECT group_concat(code, char(10)) FROM (
            SELECT "code" FROM "Snippet" WHERE "entryId" = new."entryId" ORDER BY "position"
        )
    ) WHERE rowid = new."entryId";
END;

CREATE TRIGGER "Snippet_fts_delete" AFTER DELETE ON "Snippet" BEGIN
    UPDATE "entry_fts" SET code = coalesce((
        SELECT group_concat(code, char(10)) FROM (
            SELECT "code" FROM "Snippet" WHERE "entryId" = old."entryId" ORDER BY "position"
        )
    ), '') WHERE rowid = old."entryId";
END;
