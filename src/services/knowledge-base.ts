// Read side of the knowledge base: versions, search, entry lookup. Transports (GraphQL, REST,
// CLI) call this; it validates paging and versions and hides storage details.
import { BadUserInputError, NotFoundError, UnknownVersionError } from '../errors.ts';
import type { EntryRepository } from '../repositories/entries.ts';
import type { RankedHit, RankedPage, SearchRepository } from '../repositories/search.ts';
import type { EntryRecord, SearchHitRecord, VersionRecord } from '../repositories/types.ts';
import type { VersionRepository } from '../repositories/versions.ts';
import { diffEntries, type EntryDiff } from './compare.ts';
import { cursorCodec, type CursorCodec } from './cursor.ts';
import { parseVersionInput } from './versions.ts';
import { passagesInTiers, type Passage } from '../search/passages.ts';

export interface Limits {
  readonly maxPageSize: number;
  readonly maxQueryLength: number;
}

export interface Page<T> {
  readonly totalCount: number;
  readonly items: readonly { cursor: string; node: T }[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface HistoryItem {
  readonly version: string;
  readonly title: string;
  readonly slug: string;
  readonly url: string;
  /** Content differs from the version before (true for the first version). */
  readonly changed: boolean;
  readonly entry: EntryRecord;
}

export interface History {
  readonly key: string;
  /** Oldest first. */
  readonly items: readonly HistoryItem[];
}

export interface Comparison {
  readonly key: string;
  readonly from: EntryRecord;
  readonly to: EntryRecord;
  readonly diff: EntryDiff;
}

export interface PassagesInput {
  readonly query: string;
  readonly version?: string | null;
  readonly first?: number | null;
}

/**
 * How many guidelines passages are ranked from at a time (passagesInTiers): enough for the chunks of
 * the runner-up guidelines; the next ones are read when more passages are asked for.
 */
const PASSAGE_SOURCE_ENTRIES = 8;

/** The hits passages are cut from: whole tiers of PASSAGE_SOURCE_ENTRIES, enough to fill `first`. */
function passageSources(first: number): number {
  return PASSAGE_SOURCE_ENTRIES * Math.max(1, Math.ceil(first / PASSAGE_SOURCE_ENTRIES));
}

export interface SearchInput {
  readonly query: string;
  readonly version?: string | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface SearchResultPage extends Page<RankedHit> {
  /** The query with typo corrections applied ("did you mean"); null when nothing was corrected. */
  readonly didYouMean: string | null;
}

/** Tells whether the database changed since the last call (another process may ingest). */
export interface Generation {
  /** Changes whenever the database changed (an ingest here or in another process). */
  current(): string;
}

export class KnowledgeBase {
  private versionCache: VersionRecord[] | null = null;
  private versionGeneration = '';

  constructor(
    private readonly versionsRepo: VersionRepository,
    private readonly entriesRepo: EntryRepository,
    private readonly searchRepo: SearchRepository,
    private readonly dbGeneration: Generation,
    readonly limits: Limits,
  ) {}

  /** A token that changes with the database: transports key their response caches on it. */
  generation(): string {
    return this.dbGeneration.current();
  }

  async versions(): Promise<VersionRecord[]> {
    const generation = this.dbGeneration.current();
    if (this.versionCache === null || this.versionGeneration !== generation) {
      this.versionCache = await this.versionsRepo.list();
      this.versionGeneration = generation;
    }
    return this.versionCache;
  }

  /** A known version name for user input; undefined input -> undefined (no filter). */
  async resolveVersion(input: string | null | undefined): Promise<string | undefined> {
    if (input === null || input === undefined || input.trim() === '') return undefined;
    const parsed = parseVersionInput(input);
    const known = await this.versions();
    if (parsed.kind === 'latest') {
      const latest = known[0];
      if (!latest) throw new UnknownVersionError(input, []);
      return latest.name;
    }
    if (!known.some((v) => v.name === parsed.name)) throw new UnknownVersionError(input, known.map((v) => v.name));
    return parsed.name;
  }

  /** Like resolveVersion, but without input the newest version. */
  async resolveVersionOrLatest(input: string | null | undefined): Promise<string | undefined> {
    return (await this.resolveVersion(input)) ?? (await this.versions())[0]?.name;
  }

  async search(input: SearchInput): Promise<SearchResultPage> {
    this.checkQueryLength(input.query);
    const first = this.pageSize(input.first, 10);
    const version = await this.resolveVersion(input.version);
    const cursors = searchCursors(input.query, version);
    const offset = cursors.decodeAfter(input.after);
    const page = await this.searchRepo.search({ text: input.query, version, limit: first + 1, offset });
    return hitPage(page, first, offset, cursors);
  }

  /** Citable chunks of the best-matching guidelines, best first (for a chatbot). */
  async passages(input: PassagesInput): Promise<{ passages: Passage[]; didYouMean: string | null }> {
    this.checkQueryLength(input.query);
    const first = this.pageSize(input.first, 5);
    const version = await this.resolveVersion(input.version);
    const page = await this.searchRepo.search({ text: input.query, version, limit: passageSources(first), offset: 0, highlights: 0 });
    return { passages: passagesOf(page, first), didYouMean: page.didYouMean };
  }

  /**
   * The first page of a search and the passages of the same question from one ranking (an agent's
   * search tool answers both; so does a GraphQL operation asking both fields): the same answers as
   * search() and passages() called apart, which rank the question twice. `first` sizes the page, and
   * the passages too unless `passagesFirst` is given (absent: passages()' default).
   */
  async searchWithPassages(input: PassagesInput, passagesFirst?: number | null): Promise<SearchResultPage & { passages: Passage[] }> {
    this.checkQueryLength(input.query);
    const first = this.pageSize(input.first, 10);
    const cited = passagesFirst === undefined ? first : this.pageSize(passagesFirst, 5);
    const version = await this.resolveVersion(input.version);
    // A page is a prefix of any longer page of the same question (so are the passages' tiers): one
    // ranking long enough for both answers each as asked apart. One hit more than served tells
    // whether a next page exists; only the served hits are highlighted.
    const page = await this.searchRepo.search({ text: input.query, version, limit: Math.max(first + 1, passageSources(cited)), offset: 0, highlights: first });
    return { ...hitPage(page, first, 0, searchCursors(input.query, version)), passages: passagesOf(page, cited) };
  }

  private checkQueryLength(query: string): void {
    if (query.length > this.limits.maxQueryLength) {
      throw new BadUserInputError(`The query is longer than ${this.limits.maxQueryLength} characters.`, {
        maxLength: this.limits.maxQueryLength,
      });
    }
  }

  async entry(slugOrKey: string, version?: string | null): Promise<EntryRecord | null> {
    const resolved = await this.resolveVersion(version);
    return this.entriesRepo.findBySlugOrKey(slugOrKey, resolved);
  }

  async entries(version: string | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Page<EntryRecord>> {
    const resolved = await this.resolveVersionOrLatest(version);
    const size = this.pageSize(first, 50);
    if (!resolved) return { totalCount: 0, items: [], hasNextPage: false, endCursor: null };
    const cursors = cursorCodec(`entries|${resolved}`);
    const offset = cursors.decodeAfter(after);
    const { total, entries } = await this.entriesRepo.listByVersion(resolved, offset, size);
    return toPage(entries, offset, cursors, total, offset + entries.length < total);
  }

  /** Every version of the guideline that `slugOrKey` names (a slug is looked up in its newest version). */
  async history(slugOrKey: string): Promise<History | null> {
    const anchor = await this.entriesRepo.findBySlugOrKey(slugOrKey);
    if (!anchor) return null;
    const all = await this.entriesRepo.findAllVersions(anchor.key);
    const items = all.map((entry, i) => {
      const prev = all[i - 1];
      return {
        version: entry.version,
        title: entry.title,
        slug: entry.slug,
        url: entry.url,
        changed: prev === undefined || prev.contentHash !== entry.contentHash,
        entry,
      };
    });
    return { key: anchor.key, items };
  }

  /** What changed in a guideline between two versions (each must have it). */
  async compare(slugOrKey: string, fromVersion: string, toVersion: string): Promise<Comparison | null> {
    const from = await this.resolveVersion(fromVersion);
    const to = await this.resolveVersion(toVersion);
    const anchor = await this.entriesRepo.findBySlugOrKey(slugOrKey);
    if (!anchor || !from || !to) return null;
    const a = await this.entriesRepo.findBySlugOrKey(anchor.key, from);
    const b = await this.entriesRepo.findBySlugOrKey(anchor.key, to);
    if (!a || !b) {
      const have = (await this.entriesRepo.versionsOfKeys([anchor.key])).get(anchor.key) ?? [];
      throw new NotFoundError(`Guideline ${anchor.key} is not in version ${!a ? from : to}; it is in ${have.join(', ')}.`, {
        key: anchor.key,
        versions: have,
      });
    }
    return { key: anchor.key, from: a, to: b, diff: diffEntries(a, b) };
  }

  entriesByRowIds(rowIds: readonly number[]): Promise<Map<number, EntryRecord>> {
    return this.entriesRepo.findByRowIds(rowIds);
  }

  versionsOfKeys(keys: readonly string[]): Promise<Map<string, string[]>> {
    return this.entriesRepo.versionsOfKeys(keys);
  }

  /** The entry for each key in `version` when it has it, else in the newest version that has it. */
  async entriesForKeys(keys: readonly string[], version: string | undefined): Promise<Map<string, EntryRecord>> {
    const unique = [...new Set(keys)];
    const inVersion = version ? await this.entriesRepo.findByKeys(unique, version) : new Map<string, EntryRecord>();
    const missing = unique.filter((k) => !inVersion.has(k));
    const newest = await this.entriesRepo.findNewestByKeys(missing);
    return new Map([...inVersion, ...newest]);
  }

  private pageSize(first: number | null | undefined, fallback: number): number {
    // The default page size never exceeds a smaller configured cap.
    const n = first ?? Math.min(fallback, this.limits.maxPageSize);
    if (!Number.isInteger(n) || n < 0 || n > this.limits.maxPageSize) {
      throw new BadUserInputError(`first/limit must be an integer from 0 to ${this.limits.maxPageSize}.`, { max: this.limits.maxPageSize });
    }
    return n;
  }
}

/** Cursors of a question's search pages (a cursor is valid only for the question and version it came from). */
function searchCursors(query: string, version: string | undefined): CursorCodec {
  return cursorCodec(`search|${query}|${version ?? ''}`);
}

/** The `first` hits of a ranked page, which holds one more when a next page exists. */
function hitPage(page: RankedPage, first: number, offset: number, cursors: CursorCodec): SearchResultPage {
  return { ...toPage(page.hits.slice(0, first), offset, cursors, page.total, page.hits.length > first), didYouMean: page.didYouMean };
}

/** The `first` passages of a ranked page's hits, from the tiers that `first` needs. */
function passagesOf(page: RankedPage, first: number): Passage[] {
  return passagesInTiers(page.query, page.hits.slice(0, passageSources(first)), first, PASSAGE_SOURCE_ENTRIES);
}

function toPage<T>(nodes: readonly T[], offset: number, cursors: CursorCodec, total: number, hasNextPage: boolean): Page<T> {
  const items = nodes.map((node, i) => ({ cursor: cursors.encode(offset + i), node }));
  return { totalCount: total, items, hasNextPage, endCursor: items.at(-1)?.cursor ?? null };
}
