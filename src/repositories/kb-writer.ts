// Writes parsed pages into the knowledge base. One call = one transaction, so an ingest run lands
// whole or not at all: readers (on their own WAL snapshot) see the old knowledge base or the new
// one, never half a version.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ParsedEntry, ParsedPage } from '../../ingest/types.ts';
import { compareVersions, parseVersion } from '../rules/version.ts';
import { toJson } from './json.ts';
import { relinkKeys } from './relink-keys.ts';

export interface PageToWrite {
  readonly page: ParsedPage;
  /** Where it was read from (path or URL). */
  readonly source: string;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly rawHash?: string | null;
}

/** What the last ingest stored about a source, for skipping it when unchanged. */
export interface KnownSource {
  readonly rawHash: string | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

export interface Counts {
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
}

export interface VersionSummary {
  version: string;
  pages: Counts;
  entries: Counts;
  snippets: number;
  parseFailures: number;
}

type Tx = Prisma.TransactionClient;

const zero = (): Counts => ({ new: 0, changed: 0, unchanged: 0, removed: 0 });

interface StoredSnippet {
  readonly language: string;
  readonly code: string;
  readonly kinds: string;
  readonly parseError: string | null;
}

/** An entry as its row and snippets hold it (arrays as their JSON text). */
interface StoredEntry {
  readonly contentHash: string;
  readonly slug: string;
  readonly title: string;
  readonly url: string;
  readonly position: number;
  readonly level: number;
  readonly paragraphs: string;
  readonly symptoms: string;
  readonly causes: string;
  readonly fixes: string;
  readonly errorMessages: string;
  readonly commands: string;
  readonly snippets: readonly StoredSnippet[];
}

function storedForm(e: ParsedEntry): StoredEntry {
  return {
    contentHash: e.contentHash,
    slug: e.slug,
    title: e.title,
    url: e.url,
    position: e.position,
    level: e.level,
    paragraphs: toJson(e.paragraphs),
    symptoms: toJson(e.symptoms),
    causes: toJson(e.causes),
    fixes: toJson(e.fixes),
    errorMessages: toJson(e.errorMessages),
    commands: toJson(e.commands),
    snippets: e.snippets.map((s) => ({ language: s.language, code: s.code, kinds: toJson(s.kinds), parseError: s.parseError })),
  };
}

/**
 * Everything stored about an entry, exactly. Entry.contentHash ignores version noise (history
 * compares it across versions) and so cannot tell whether the stored rows are current: a page
 * ingested again with its YAML indentation restored, or parsed by a newer classifier, must be
 * rewritten even where that hash is the same.
 */
function entryFingerprint(e: StoredEntry): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        e.contentHash, e.slug, e.title, e.url, e.position, e.level, e.paragraphs, e.symptoms, e.causes, e.fixes, e.errorMessages, e.commands,
        e.snippets.map((s) => [s.language, s.code, s.kinds, s.parseError]),
      ]),
    )
    .digest('hex');
}

/**
 * Crash tests (test/ingest/crash.test.ts) set ISTIO_KB_FAILPOINT to stop a real ingest halfway
 * through its transaction and SIGKILL it there. Does nothing otherwise.
 */
async function failpoint(name: string): Promise<void> {
  if (process.env['ISTIO_KB_FAILPOINT'] !== name) return;
  process.stderr.write(`failpoint ${name} reached\n`);
  await new Promise((resolve) => setTimeout(resolve, 120_000));
}

/** An entry's place on its page: heading ids are unique within a page, per heading level. */
function slotOf(e: { level: number; slug: string }): string {
  return `${e.level}|${e.slug}`;
}

export class KbWriter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly timeoutMs = 10 * 60_000,
    /** Dialect work at the end of the ingest transaction (PostgreSQL: bump the generation row, NOTIFY). */
    private readonly beforeCommit: (tx: Tx) => Promise<void> = async () => undefined,
    /** After the commit (SQLite: the generation read in this event-loop turn is stale). */
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  async knownSources(): Promise<Map<string, KnownSource>> {
    const rows = await this.prisma.page.findMany({ select: { source: true, rawHash: true, etag: true, lastModified: true } });
    return new Map(rows.map((r) => [r.source, { rawHash: r.rawHash, etag: r.etag, lastModified: r.lastModified }]));
  }

  /**
   * Writes the parsed pages in one transaction; `unchangedSources` (not parsed again because their
   * bytes or HTTP validators did not change) are only counted in the summary.
   */
  async write(pages: readonly PageToWrite[], unchangedSources: readonly string[] = []): Promise<VersionSummary[]> {
    const written = await this.prisma.$transaction(
      async (tx) => {
        const summaries = new Map<string, VersionSummary>();
        const summaryOf = (v: string): VersionSummary => {
          let summary = summaries.get(v);
          if (!summary) {
            summary = { version: v, pages: zero(), entries: zero(), snippets: 0, parseFailures: 0 };
            summaries.set(v, summary);
          }
          return summary;
        };
        if (unchangedSources.length > 0) {
          const stored = await tx.page.findMany({
            where: { source: { in: [...unchangedSources] } },
            select: {
              version: { select: { name: true } },
              entries: { select: { snippets: { select: { parseError: true } } } },
            },
          });
          for (const page of stored) {
            const summary = summaryOf(page.version.name);
            summary.pages.unchanged += 1;
            summary.entries.unchanged += page.entries.length;
            for (const e of page.entries) {
              summary.snippets += e.snippets.length;
              summary.parseFailures += e.snippets.filter((sn) => sn.parseError).length;
            }
          }
        }
        for (const [i, item] of pages.entries()) {
          // better-sqlite3 answers at once, so this loop is a chain of resolved promises that never
          // lets timers or I/O run: a whole-archive ingest would hold the event loop for seconds
          // (a server's requests, a test runner's heartbeats). One macrotask turn per page frees it.
          await new Promise<void>((resolve) => setImmediate(resolve));
          await this.writePage(tx, item, summaryOf(item.page.version));
          if (i === Math.floor(pages.length / 2)) await failpoint('ingest-mid-transaction');
        }
        const list = [...summaries.values()];
        // Any page parsed again may carry keys from an older version of the linking rules (an upgrade
        // bumps PARSER_VERSION, so every page is parsed again); a run that skipped every page has
        // nothing to relink.
        if (pages.length > 0) await relinkKeys(tx);
        await this.beforeCommit(tx);
        return list.sort((a, b) => compareVersions(parseVersion(a.version), parseVersion(b.version)));
      },
      { timeout: this.timeoutMs, maxWait: this.timeoutMs },
    );
    this.afterCommit();
    return written;
  }

  private async writePage(tx: Tx, item: PageToWrite, summary: VersionSummary): Promise<void> {
    const { page } = item;
    summary.snippets += page.entries.reduce((n, e) => n + e.snippets.length, 0);
    summary.parseFailures += page.entries.reduce((n, e) => n + e.snippets.filter((s) => s.parseError).length, 0);

    const parsed = parseVersion(page.version);
    const version = await tx.docVersion.upsert({
      where: { name: page.version },
      create: { name: page.version, major: parsed.major, minor: parsed.minor },
      update: {},
    });
    const existing = await tx.page.findUnique({ where: { versionId_url: { versionId: version.id, url: page.url } } });
    const fingerprints = page.entries.map((e) => entryFingerprint(storedForm(e)));
    const pageHash = createHash('sha256').update(JSON.stringify([page.contentHash, page.title, fingerprints])).digest('hex');
    // Entry.contentHash holds the parser's version-noise-free content hash (history compares it);
    // the page hash covers layout too, so any change to the page is noticed.

    if (existing && existing.contentHash === pageHash) {
      summary.pages.unchanged += 1;
      summary.entries.unchanged += page.entries.length;
      const validators = { source: item.source, etag: item.etag ?? null, lastModified: item.lastModified ?? null, rawHash: item.rawHash ?? null };
      if (
        validators.source !== existing.source ||
        validators.etag !== existing.etag ||
        validators.lastModified !== existing.lastModified ||
        validators.rawHash !== existing.rawHash
      ) {
        await tx.page.update({ where: { id: existing.id }, data: validators });
      }
      return;
    }

    const pageData = {
      source: item.source,
      title: page.title,
      contentHash: pageHash,
      etag: item.etag ?? null,
      lastModified: item.lastModified ?? null,
      rawHash: item.rawHash ?? null,
    };
    const pageRow = existing
      ? await tx.page.update({ where: { id: existing.id }, data: pageData })
      : await tx.page.create({ data: { versionId: version.id, url: page.url, ...pageData } });
    summary.pages[existing ? 'changed' : 'new'] += 1;

    const old = new Map(
      (
        await tx.entry.findMany({
          where: { pageId: pageRow.id },
          select: {
            id: true, key: true, contentHash: true, slug: true, title: true, url: true, position: true, level: true,
            paragraphs: true, symptoms: true, causes: true, fixes: true, errorMessages: true, commands: true,
            snippets: { select: { language: true, code: true, kinds: true, parseError: true }, orderBy: { position: 'asc' } },
          },
        })
      ).map((e) => [slotOf(e), e]),
    );
    const kept = new Set<string>();

    for (const [i, entry] of page.entries.entries()) {
      const fingerprint = fingerprints[i] ?? '';
      const slot = slotOf(entry);
      kept.add(slot);
      const before = old.get(slot);
      if (before && entryFingerprint(before) === fingerprint) {
        summary.entries.unchanged += 1;
        continue;
      }
      const data = {
        slug: entry.slug,
        title: entry.title,
        url: entry.url,
        position: entry.position,
        level: entry.level,
        paragraphs: toJson(entry.paragraphs),
        symptoms: toJson(entry.symptoms),
        causes: toJson(entry.causes),
        fixes: toJson(entry.fixes),
        errorMessages: toJson(entry.errorMessages),
        commands: toJson(entry.commands),
        contentHash: entry.contentHash,
      };
      let entryId: number;
      if (before) {
        await tx.snippet.deleteMany({ where: { entryId: before.id } });
        entryId = (await tx.entry.update({ where: { id: before.id }, data, select: { id: true } })).id;
        summary.entries.changed += 1;
      } else {
        // A provisional key, unique within the version; relinkKeys() gives the real one.
        const key = `~new~${pageRow.id}~${entry.position}`;
        entryId = (await tx.entry.create({ data: { ...data, key, pageId: pageRow.id, versionId: version.id }, select: { id: true } })).id;
        summary.entries.new += 1;
      }
      if (entry.snippets.length > 0) {
        await tx.snippet.createMany({
          data: entry.snippets.map((s, position) => ({
            entryId,
            position,
            language: s.language,
            code: s.code,
            kinds: toJson(s.kinds),
            parseError: s.parseError,
          })),
        });
      }
    }
    const gone = [...old.values()].filter((e) => !kept.has(slotOf(e))).map((e) => e.id);
    if (gone.length > 0) {
      await tx.entry.deleteMany({ where: { id: { in: gone } } });
      summary.entries.removed += gone.length;
    }
  }

}
