// What the search needs of the knowledge base that does not depend on the question, computed once
// per generation: row -> key/version/order in dense arrays, the number of guidelines, the typo
// vocabulary, the error index, and the caches of per-part statistics, identifier rows, concept key
// counts and loaded entries (all dropped together when the generation moves).
import type { SqliteDatabase } from '../../db/sqlite.ts';
import type { ErrorIndex } from '../../search/error-index.ts';
import type { RowMeta } from '../../search/rank.ts';
import { EntryCache } from './entry-cache.ts';
import { loadErrorIndex } from './error-index.ts';
import { PartCache } from './part-cache.ts';
import { ConceptKeyCounter } from './concept-keys.ts';
import { IndexVocabulary } from './vocabulary.ts';
import { rowFacts } from './row-index.ts';
import { prepareProximity } from '../../search/proximity.ts';
import { prepareHighlights } from '../../search/snippet.ts';
import { Lru } from '../../support/lru.ts';

const SMALL_CACHE = 20_000;
/** Words and entries warmed per slice of background work, and the pause between slices. */
const WARM_SLICE = 64;
/** Entries per slice: each is also analysed for the boosts and highlights read on its text. */
const WARM_ENTRIES = 16;
const WARM_PAUSE_MS = 5;

export class KbStats {
  /** Indexed by row id; undefined for ids that are not entries. */
  readonly meta: (RowMeta | undefined)[];
  /** Dense key number per row id (-1: no entry). */
  readonly keyOf: Int32Array;
  readonly keyCount: number;
  readonly maxRowId: number;
  readonly rowCount: number;
  readonly vocabulary: IndexVocabulary;
  readonly errors: ErrorIndex;
  readonly parts: PartCache;
  readonly entries: EntryCache;
  private readonly identifierRows = new Lru<string, Int32Array>(SMALL_CACHE);
  private readonly concepts: ConceptKeyCounter;

  constructor(
    db: SqliteDatabase,
    private readonly termRows: (match: string) => number[],
  ) {
    const rows = db
      .prepare<[], { id: number; key: string; version: string; major: number; minor: number; parent: number | null }>(
        `SELECT e.id, e.key, v.name AS version, v.major, v.minor, p.id AS parent FROM "Entry" e JOIN "DocVersion" v ON v.id = e.versionId
         LEFT JOIN "Entry" p ON p.versionId = e.versionId AND p.pageId = e.pageId AND p.key = e.parentKey`,
      )
      .all();
    ({ meta: this.meta, keyOf: this.keyOf, keyCount: this.keyCount, maxRowId: this.maxRowId, rowCount: this.rowCount } = rowFacts(rows));
    this.vocabulary = IndexVocabulary.load(db);
    this.errors = loadErrorIndex(db);
    this.parts = new PartCache(db, this.vocabulary);
    this.entries = new EntryCache(db);
    this.concepts = new ConceptKeyCounter(this.keyOf, this.keyCount, (part) => this.parts.get(part));
  }

  private stopped = false;

  /**
   * Warms the caches in the background, a small slice at a time between requests: the statistics of
   * every vocabulary word (most frequent first) and every entry, read and its text analysed for the
   * boosts and highlights (proximity.ts, snippet.ts), so that the first questions after an
   * ingest or a start cost what later ones do. Timers are unref'd: a one-shot CLI call exits without
   * waiting for it. Stops at `stop()` or when the database is closed.
   */
  warm(rowIds: readonly number[]): void {
    const words = this.vocabulary.byFrequency();
    let w = 0;
    let r = 0;
    const step = () => {
      if (this.stopped) return;
      try {
        for (const end = w + WARM_SLICE; w < end && w < words.length; w++) this.parts.get(`"${words[w] ?? ''}"`);
        if (w >= words.length) {
          const slice = rowIds.slice(r, r + WARM_ENTRIES);
          r += slice.length;
          if (slice.length > 0) {
            for (const entry of this.entries.load(slice).values()) {
              prepareProximity(entry);
              prepareHighlights(entry);
            }
          }
        }
      } catch {
        return; // the database was closed (or changed under us): the next generation warms itself
      }
      if (w < words.length || r < rowIds.length) setTimeout(step, WARM_PAUSE_MS).unref();
    };
    setTimeout(step, WARM_PAUSE_MS).unref();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Rows holding a whole identifier (entry_terms), cached. */
  identifier(match: string): Int32Array {
    let rows = this.identifierRows.get(match);
    if (!rows) {
      // An ASCII identifier is one term of entry_terms (unstemmed, `_-./` are word characters):
      // one the vocabulary lacks (a pasted pod name, host or port) is in no row.
      const term = /^"([a-z0-9._/-]+)"$/.exec(match)?.[1];
      rows = term !== undefined && !this.vocabulary.hasTerm(term) ? new Int32Array(0) : Int32Array.from(this.termRows(match));
      this.identifierRows.set(match, rows);
    }
    return rows;
  }

  /** Distinct guidelines having any of the parts in their prose (for IDF), cached per concept. */
  keysInProse(parts: readonly string[]): number {
    return this.concepts.count(parts);
  }
}
