// What the SQLite and the PostgreSQL search do alike once a store has its index of one generation:
// the typo vocabulary seen by query understanding, the candidates, the scores, the boosts read on
// the text and the page of hits (SearchTools), and the answers kept for questions asked again
// (AnswerMemo). Each store only supplies its index (KbStats, PgSearchIndex).
import type { AskedIndex } from '../../search/asked.ts';
import type { ErrorIndex } from '../../search/error-index.ts';
import type { SearchPlan } from '../../search/plan.ts';
import type { ParsedQuery } from '../../search/query.ts';
import { RANKING, type QueryStats } from '../../search/rank.ts';
import { ColumnRanker, type RowIndex } from '../../search/rank-columns.ts';
import type { Vocabulary } from '../../search/typo.ts';
import { FromSecondAsking } from '../../support/lru.ts';
import type { EntryRecord, SearchParams } from '../types.ts';
import { CandidateCollector, type AskedRows, type CandidateSource } from './candidates.ts';
import { quote, type FtsPlan } from './fts-match.ts';
import { toRankedHits } from './hits.ts';
import { rankWithText, TextBoostScratch } from './text-boosts.ts';
import type { RankedPage } from './types.ts';
import { shippedAsked } from './shipped-asked.ts';
import type { IndexVocabulary } from './vocabulary.ts';

/** What query understanding reads of a store's vocabulary (SQLite: IndexVocabulary; PostgreSQL: asked per word). */
export type StoreVocabulary = Pick<IndexVocabulary, 'documentFrequency' | 'wordsOfLength' | 'hasWordStartingWith' | 'completions'> &
  Pick<Vocabulary, 'hasWord' | 'candidatesNear'>;

/** A store's search index of one generation. */
export interface SearchIndex extends CandidateSource, RowIndex {
  readonly vocabulary: StoreVocabulary;
  readonly errors: ErrorIndex;
  /** Distinct guidelines having any of the parts in their prose. */
  keysInProse(parts: readonly string[]): number;
}

/** Entries by row id (those that exist). */
export type EntryReader = (rowIds: readonly number[]) => ReadonlyMap<number, EntryRecord>;

export class SearchTools {
  readonly vocabulary: Vocabulary;
  private readonly collector: CandidateCollector;
  private readonly ranker: ColumnRanker;
  private readonly scratch: TextBoostScratch;
  /** Row ids of each guideline key (every version): the rows a match of its asked lines lifts. */
  private readonly rowsOfKey = new Map<string, number[]>();

  constructor(
    readonly index: SearchIndex,
    private readonly entries: EntryReader,
    private readonly asked: AskedIndex = shippedAsked(),
  ) {
    const v = index.vocabulary;
    this.vocabulary = {
      documentFrequency: (w) => v.documentFrequency(w),
      wordsOfLength: (n) => v.wordsOfLength(n),
      hasWordStartingWith: (p) => v.hasWordStartingWith(p),
      completions: (p, limit) => v.completions(p, limit),
      ...(v.hasWord ? { hasWord: v.hasWord.bind(v) } : {}),
      ...(v.candidatesNear ? { candidatesNear: v.candidatesNear.bind(v) } : {}),
      indexHas: (w) => index.parts.get(quote(w)).ids.length > 0,
      rows: index.rowCount,
    };
    this.collector = new CandidateCollector(index);
    this.ranker = new ColumnRanker(index);
    this.scratch = new TextBoostScratch(index.keyCount, index.keyOf.length);
    index.meta.forEach((m, id) => {
      if (!m) return;
      const rows = this.rowsOfKey.get(m.key);
      if (rows) rows.push(id);
      else this.rowsOfKey.set(m.key, [id]);
    });
  }

  /** The rows of each guideline whose asked lines match the question (every version), with the share matched. */
  private askedRows(query: ParsedQuery, searchPlan: SearchPlan): AskedRows {
    const rows: [readonly number[], number][] = [];
    for (const [key, share] of this.asked.match(query, searchPlan, RANKING.askedMin)) {
      const ofKey = this.rowsOfKey.get(key);
      if (ofKey) rows.push([ofKey, share]);
    }
    return rows;
  }

  /**
   * The page of a planned question. Synchronous: the collector's and the ranker's scratch arrays
   * are shared by the searches of this process.
   */
  page(query: ParsedQuery, searchPlan: SearchPlan, plan: FtsPlan, params: SearchParams): RankedPage {
    const { index, collector, ranker } = this;
    const errors = index.errors.match(query.error, RANKING.errorMin, query.errorLine, query.codes);
    const candidates = collector.collect(plan, errors, this.askedRows(query, searchPlan));
    const stats: QueryStats = {
      conceptKeys: plan.concepts.map((c) => index.keysInProse(c.parts)),
      keyCount: index.keyCount,
      identifierCount: plan.identifiers.length,
    };
    ranker.score(stats, candidates, params.version);
    const entries = (ids: readonly number[]) => this.entries(ids);
    const { total, top } = rankWithText({ plan, searchPlan, stats, params, ranker, collector, candidates, keyOf: index.keyOf, entries, scratch: this.scratch });
    const page = top.slice(params.offset, params.offset + params.limit);
    const hits = page.length === 0 ? [] : toRankedHits(page, this.entries(page.map((s) => s.id)), query);
    return { total, hits, didYouMean: query.didYouMean, query };
  }
}

/** Answers kept for questions asked again (operators repeat themselves); unique questions never hit it. */
const ANSWER_CACHE = 1000;
/**
 * Questions remembered (not their answers) to tell one asked again: an answer is kept from its second
 * asking on, so a stream of different questions (a chatbot's) does not fill the heap with answers
 * nobody asks for again, which the garbage collector would have to copy and promote.
 */
const ASKED = 4 * ANSWER_CACHE;

/** The answers of one knowledge-base generation at a time. */
export class AnswerMemo {
  private readonly answers = new FromSecondAsking<string, RankedPage>({ kept: ANSWER_CACHE, asked: ASKED });
  private generation = '';

  get(generation: string, params: SearchParams): RankedPage | undefined {
    if (generation !== this.generation) {
      this.answers.clear();
      this.generation = generation;
    }
    return this.answers.get(keyOf(params));
  }

  /** After `get` for the same generation; an answer computed for an older generation is not kept. */
  set(generation: string, params: SearchParams, page: RankedPage): void {
    if (generation === this.generation) this.answers.offer(keyOf(params), page);
  }
}

const keyOf = (params: SearchParams) => `${params.version ?? ''}\u0000${params.limit}\u0000${params.offset}\u0000${params.text}`;
