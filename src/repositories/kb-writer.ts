// Writes parsed pages into the knowledge base. One call = one transaction, so an ingest run lands
// whole or not at all: readers (on their own WAL snapshot) see the old knowledge base or the new
// one, never half a version.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ParsedEntry, ParsedPage } from '../../ingest/types.ts';
import { toJson } from './json.ts';

export interface PageToWrite {
  readonly page: ParsedPage;
  /** Where it was read from (path or URL). */
  readonly source: string;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

export type ChangeStatus = 'new' | 'changed' | 'unchanged';

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

/** What identifies an entry's stored state: its content plus where it sits on the page. */
function entryFingerprint(e: { contentHash: string; slug: string; title: string; url: string; position: number; level: number }): string {
  return JSON.stringify([e.contentHash, e.slug, e.title, e.url, e.position, e.level]);
}

function versionParts(name: string): { major: number; minor: number } {
  const [major = 0, minor = 0] = name.split('.').map((n) => Number.parseInt(n, 10));
  return { major, minor };
}

export class KbWriter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly timeoutMs = 10 * 60_000,
  ) {}

  async write(pages: readonly PageToWrite[]): Promise<VersionSummary[]> {
    return this.prisma.$transaction(
      async (tx) => {
        const summaries = new Map<string, VersionSummary>();
        for (const item of pages) {
          const v = item.page.version;
          let summary = summaries.get(v);
          if (!summary) {
            summary = { version: v, pages: zero(), entries: zero(), snippets: 0, parseFailures: 0 };
            summaries.set(v, summary);
          }
          await this.writePage(tx, item, summary);
        }
        return [...summaries.values()].sort((a, b) => compareVersions(a.version, b.version));
      },
      { timeout: this.timeoutMs, maxWait: this.timeoutMs },
    );
  }

  private async writePage(tx: Tx, item: PageToWrite, summary: VersionSummary): Promise<void> {
    const { page } = item;
    summary.snippets += page.entries.reduce((n, e) => n + e.snippets.length, 0);
    summary.parseFailures += page.entries.reduce((n, e) => n + e.snippets.filter((s) => s.parseError).length, 0);

    const version = await tx.docVersion.upsert({
      where: { name: page.version },
      create: { name: page.version, ...versionParts(page.version) },
      update: {},
    });
    const existing = await tx.page.findUnique({ where: { versionId_url: { versionId: version.id, url: page.url } } });
    const fingerprints = page.entries.map(entryFingerprint);
    const pageHash = createHash('sha256').update(JSON.stringify([page.contentHash, page.title, fingerprints])).digest('hex');
    // Entry.contentHash holds the parser's version-noise-free content hash (history compares it);
    // the page hash covers layout too, so any change to the page is noticed.

    if (existing && existing.contentHash === pageHash) {
      summary.pages.unchanged += 1;
      summary.entries.unchanged += page.entries.length;
      if ((item.etag ?? null) !== existing.etag || (item.lastModified ?? null) !== existing.lastModified) {
        await tx.page.update({ where: { id: existing.id }, data: { etag: item.etag ?? null, lastModified: item.lastModified ?? null } });
      }
      return;
    }

    const pageData = {
      source: item.source,
      title: page.title,
      contentHash: pageHash,
      etag: item.etag ?? null,
      lastModified: item.lastModified ?? null,
    };
    const pageRow = existing
      ? await tx.page.update({ where: { id: existing.id }, data: pageData })
      : await tx.page.create({ data: { versionId: version.id, url: page.url, ...pageData } });
    summary.pages[existing ? 'changed' : 'new'] += 1;

    const old = new Map(
      (
        await tx.entry.findMany({
          where: { pageId: pageRow.id },
          select: { id: true, key: true, contentHash: true, slug: true, title: true, url: true, position: true, level: true },
        })
      ).map((e) => [e.key, e]),
    );
    const keys = await this.assignKeys(tx, version.id, pageRow.id, page);
    const kept = new Set<string>();

    for (const [i, entry] of page.entries.entries()) {
      const key = keys[i] ?? entry.key;
      const fingerprint = fingerprints[i] ?? '';
      kept.add(key);
      const before = old.get(key);
      if (before && entryFingerprint(before) === fingerprint) {
        summary.entries.unchanged += 1;
        continue;
      }
      const data = {
        key,
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
        entryId = (await tx.entry.create({ data: { ...data, pageId: pageRow.id, versionId: version.id }, select: { id: true } })).id;
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
    const gone = [...old.values()].filter((e) => !kept.has(e.key)).map((e) => e.id);
    if (gone.length > 0) {
      await tx.entry.deleteMany({ where: { id: { in: gone } } });
      summary.entries.removed += gone.length;
    }
  }

  /**
   * Keys are unique within a version. Two pages of one version can have sections with the same
   * title; the later one (or the one on another page already stored) gets the page's last path
   * segment as a suffix so both stay addressable.
   */
  private async assignKeys(tx: Tx, versionId: number, pageId: number, page: ParsedPage): Promise<string[]> {
    const wanted = page.entries.map((e) => e.key);
    const taken = new Set(
      (await tx.entry.findMany({ where: { versionId, key: { in: wanted }, NOT: { pageId } }, select: { key: true } })).map((e) => e.key),
    );
    const pageSlug = page.url.replace(/\/+$/, '').split('/').pop() || 'page';
    const used = new Set<string>();
    return wanted.map((key) => {
      let candidate = taken.has(key) || used.has(key) ? `${key}--${pageSlug}` : key;
      for (let n = 2; used.has(candidate); n += 1) candidate = `${key}--${pageSlug}-${n}`;
      used.add(candidate);
      return candidate;
    });
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  return pa.major - pb.major || pa.minor - pb.minor;
}
