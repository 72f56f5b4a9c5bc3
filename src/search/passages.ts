// Citable passages for a chatbot: the best-matching guidelines cut into chunks (symptom, cause, fix,
// quoted error, code snippet, remaining paragraph), each scored against the query and highlighted.
// Chunk ids derive from key + version + kind + index, so they survive re-ingests (never a row id).
import type { EntryRecord } from '../repositories/types.ts';
import { errorSignature, errorSimilarity, type ErrorSignature } from './error-line.ts';
import type { ParsedQuery } from './query.ts';
import { Lru } from '../support/lru.ts';
import { indexOfSequence, isStopword, normalizeText, stem, words } from './text.ts';

export const PASSAGE_KINDS = ['SYMPTOM', 'CAUSE', 'FIX', 'ERROR', 'SNIPPET', 'PARAGRAPH'] as const;
export type PassageKind = (typeof PASSAGE_KINDS)[number];

const MAX_TEXT = 2000;
const SNIPPET_WORDS = 40;
const KIND_PRIOR: Record<PassageKind, number> = { ERROR: 0.02, SYMPTOM: 0.02, CAUSE: 0.02, FIX: 0.02, PARAGRAPH: 0, SNIPPET: -0.02 };
/**
 * A passage's score is mostly its guideline's search score (relative to the best hit), which weighs
 * far more evidence than the chunk's own share of the question's words: at 0.5 a chunk of the second
 * guideline holding more common words came first for 13% of the questions whose first search hit was
 * right. 0.8 measured best on every set, 0.9 lowered the fresh set (round 7). With the asked lines
 * in sets (round 8) the search scores of the first hits lie closer together, and 0.9 measured best on
 * every set, 0.8 and 0.85 lower on blind, fresh and the 151 (eval/README.md).
 */
const GUIDELINE_WEIGHT = 0.9;
/**
 * Each chunk loses this much per better chunk of its own guideline, so that the few passages a chatbot
 * reads cover the leading guidelines instead of repeating the first (as maximal marginal relevance
 * does). 0.2 and 0.3 measured alike; 0.05 and 0.1 did less.
 */
const REPEAT_PENALTY = 0.2;

export interface Chunk {
  readonly id: string;
  readonly kind: PassageKind;
  readonly index: number;
  readonly text: string;
}

export interface Passage {
  readonly id: string;
  readonly key: string;
  readonly version: string;
  readonly title: string;
  /** The section's URL with its #anchor. */
  readonly url: string;
  readonly kind: PassageKind;
  readonly text: string;
  readonly score: number;
  /** A window of the text around the matches, matched words in <mark>. */
  readonly snippet: string;
}

export function passageId(key: string, version: string, kind: PassageKind, index: number): string {
  return `${key}@${version}/${kind.toLowerCase()}/${index}`;
}

/** An entry's chunks in document order; paragraphs already covered by a symptom/cause/fix are left out. */
export function chunkEntry(entry: EntryRecord): Chunk[] {
  const chunk = (kind: PassageKind, index: number, text: string): Chunk => ({
    id: passageId(entry.key, entry.version, kind, index),
    kind,
    index,
    text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text,
  });
  const out: Chunk[] = [];
  const title = entry.title.trim();
  entry.symptoms.forEach((t, i) => {
    if (t.trim() !== title) out.push(chunk('SYMPTOM', i, t));
  });
  entry.causes.forEach((t, i) => out.push(chunk('CAUSE', i, t)));
  entry.fixes.forEach((t, i) => out.push(chunk('FIX', i, t)));
  entry.errorMessages.forEach((t, i) => out.push(chunk('ERROR', i, t)));
  // A sentence classified from a paragraph may start it with a capital the paragraph does not have.
  // A symptom or cause split from one sentence ends in a period the paragraph does not have there.
  const classified = [...entry.symptoms, ...entry.causes, ...entry.fixes].map((c) => c.toLowerCase().replace(/[.!?:]+$/, '')).filter((c) => c !== '');
  entry.paragraphs.forEach((t, i) => {
    if (!saidByFields(t, classified)) out.push(chunk('PARAGRAPH', i, t));
  });
  entry.snippets.forEach((s, i) => out.push(chunk('SNIPPET', i, s.code)));
  return out.filter((c) => c.text.trim() !== '');
}

/** What a paragraph must hold besides its classified sentences to be a passage of its own (words other than stopwords). */
const PARAGRAPH_REST_WORDS = 3;

/**
 * Whether the classified sentences (lower-cased) already say a paragraph: what is left of it without
 * them is a few words at most. A paragraph holding one fix and the sentence that names the problem
 * ("The 0.5.0 and 0.5.1 releases are missing scripts … Download the missing files …") stays a passage:
 * its unclassified sentences are said nowhere else.
 */
function saidByFields(paragraph: string, classified: readonly string[]): boolean {
  let rest = paragraph.toLowerCase();
  let any = false;
  for (const c of classified) {
    if (!rest.includes(c)) continue;
    rest = rest.replaceAll(c, ' ');
    any = true;
  }
  return any && words(rest).filter((w) => !isStopword(w)).length < PARAGRAPH_REST_WORDS;
}

export interface Concept {
  /** Alternatives as stem sequences: the word itself, and each synonym (multi-word ones as phrases). */
  readonly alternatives: readonly (readonly string[])[];
  /** The half-typed last word: any word starting with it counts. */
  readonly prefix: string | null;
}

/** Query concepts: a word and its synonyms are one concept. */
export function conceptsOf(query: ParsedQuery): Concept[] {
  const prefix = query.prefix !== null && query.prefix.length >= 2 ? query.prefix : null;
  return query.words
    .filter((w) => !isStopword(w))
    .map((w) => {
      const alternatives: string[][] = [[stem(w)]];
      for (const e of query.expansions) if (e.matched.includes(w)) for (const alt of e.alternatives) alternatives.push(alt.map(stem));
      return { alternatives, prefix: w === prefix ? prefix : null };
    });
}

/** Which of a text's tokens a question's concepts mark (`stems`: the tokens' stems, in order). */
function marksOf(ws: readonly string[], stems: readonly string[], concepts: readonly Concept[]): Set<number> {
  const marked = new Set<number>();
  for (const c of concepts) {
    for (const alt of c.alternatives) {
      for (let i = 0; i + alt.length <= stems.length; i++) {
        if (alt.every((a, j) => stems[i + j] === a)) for (let j = 0; j < alt.length; j++) marked.add(i + j);
      }
    }
    const prefix = c.prefix;
    if (prefix !== null) ws.forEach((w, i) => w.startsWith(prefix) && marked.add(i));
  }
  return marked;
}

/** The share of the concepts an analysed text holds: what ranking reads. */
function coverageOf(analysis: TextAnalysis, concepts: readonly Concept[]): number {
  if (concepts.length === 0) return 0;
  let hit = 0;
  for (const c of concepts) if (holds(analysis, c)) hit++;
  return hit / concepts.length;
}

function holds({ words: ws, stems, stemSet }: TextAnalysis, concept: Concept): boolean {
  for (const alt of concept.alternatives) {
    const head = alt[0];
    if (head !== undefined && !stemSet.has(head)) continue;
    if (alt.length <= 1 || indexOfSequence(stems, alt) >= 0) return true;
  }
  const prefix = concept.prefix;
  if (prefix !== null) for (const w of ws) if (w.startsWith(prefix)) return true;
  return false;
}

/** A text's word tokens as highlight() marks them: where each stands in the text, its form and stem. */
interface Tokens {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Each token normalized (normalizeText). */
  readonly words: readonly string[];
  readonly stems: readonly string[];
}

function tokensOf(text: string): Tokens {
  const found = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const starts = new Int32Array(found.length);
  const ends = new Int32Array(found.length);
  const ws = found.map((t, i) => {
    starts[i] = t.index ?? 0;
    ends[i] = (t.index ?? 0) + t[0].length;
    return normalizeText(t[0]);
  });
  return { starts, ends, words: ws, stems: ws.map(stem) };
}

/** What a text's tokens or analysis cost in the heap: about 16 bytes per character (TOKENS, ANALYSES). */
const heapOfText = (text: string): number => text.length * 16 + 200;

/**
 * Tokenising and stemming a chunk of up to 2,000 characters again for every question it is cited
 * for was about half of what highlighting cost (1,074 of a profile's milliseconds over 12,000
 * questions, 580 after): the tokens are kept per text, like the analyses and bounded the same way,
 * for the chunks that were cited.
 */
const TOKENS = new Lru<string, Tokens>(4 * 1024 * 1024, heapOfText);

/** The text with matched words in <mark>, cropped to a window around the first match. */
function highlight(text: string, concepts: readonly Concept[]): string {
  let tokens = TOKENS.get(text);
  if (tokens === undefined) TOKENS.set(text, (tokens = tokensOf(text)));
  const { starts, ends, words: ws, stems } = tokens;
  const marked = marksOf(ws, stems, concepts);
  const firstIndex = Math.min(...marked);
  if (!Number.isFinite(firstIndex)) return crop(text, ends);
  const startToken = Math.max(0, firstIndex - 8);
  const endToken = Math.min(ws.length, startToken + SNIPPET_WORDS);
  const from = starts[startToken] ?? 0;
  const to = endToken > 0 ? (ends[endToken - 1] ?? text.length) : text.length;
  let out = '';
  let last = from;
  for (let i = startToken; i < endToken; i++) {
    if (!marked.has(i)) continue;
    const at = starts[i] ?? 0;
    const end = ends[i] ?? at;
    out += `${text.slice(last, at)}<mark>${text.slice(at, end)}</mark>`;
    last = end;
  }
  out += text.slice(last, to);
  return `${from > 0 ? '…' : ''}${out}${to < text.length ? '…' : ''}`;
}

function crop(text: string, ends: Int32Array): string {
  if (ends.length <= SNIPPET_WORDS) return text;
  return `${text.slice(0, ends[SNIPPET_WORDS - 1] ?? text.length)}…`;
}

export interface PassageSource {
  readonly entry: EntryRecord;
  /** The entry's search score (higher is better). */
  readonly score: number;
}

/** What scoring a chunk reads of its text, which does not depend on the question. */
interface TextAnalysis {
  readonly words: readonly string[];
  /** stem(words[i]) */
  readonly stems: readonly string[];
  readonly stemSet: ReadonlySet<string>;
  /** Of quoted errors and snippets (compared with a pasted line), made when first asked for. */
  error?: ErrorSignature;
}

/**
 * Cutting, tokenising, stemming and normalising every chunk of eight guidelines cost about three
 * quarters of a passages question, again for every question. The chunks are kept per entry object
 * (a generation's entries are shared by its questions), their analyses per text: the same text
 * recurs in many versions of a guideline (the shipped archive's 15,195 chunks hold 1,352 distinct
 * texts), and the analyses are bounded by the size of their texts (about 16 bytes of heap per
 * character).
 */
const CHUNKS = new WeakMap<EntryRecord, readonly Chunk[]>();
const ANALYSES = new Lru<string, TextAnalysis>(8 * 1024 * 1024, heapOfText);

function chunksOf(entry: EntryRecord): readonly Chunk[] {
  let chunks = CHUNKS.get(entry);
  if (chunks === undefined) CHUNKS.set(entry, (chunks = chunkEntry(entry)));
  return chunks;
}

function analysisOf(text: string): TextAnalysis {
  let analysis = ANALYSES.get(text);
  if (analysis === undefined) {
    const ws = words(text);
    const stems = ws.map(stem);
    ANALYSES.set(text, (analysis = { words: ws, stems, stemSet: new Set(stems) }));
  }
  return analysis;
}

interface Scored {
  readonly id: string;
  readonly entry: EntryRecord;
  readonly chunk: Chunk;
  readonly score: number;
}

/**
 * The best `first` passages of the search hits (best first), ranked `tier` guidelines at a time: the
 * passages of the best `tier` first, then those of the next `tier` when more are asked for. So the
 * first k passages are the same however many are asked (a chatbot asking for 10 gets the 5 it got
 * when asking for 5, then 5 more), and a guideline far down the list, whose chunk happens to cover
 * the words, is never cited before the best guidelines' passages.
 */
export function passagesInTiers(query: ParsedQuery, sources: readonly PassageSource[], first: number, tier: number): Passage[] {
  const passages: Passage[] = [];
  // Every tier's guideline scores relative to the best hit: a later tier's passages score lower for it.
  const best = bestScore(sources);
  for (let from = 0; from < sources.length && passages.length < first; from += tier) {
    passages.push(...rankPassages(query, sources.slice(from, from + tier), first - passages.length, best));
  }
  return passages;
}

const bestScore = (sources: readonly PassageSource[]): number => Math.max(...sources.map((s) => s.score), 1e-9);

/**
 * The best `first` passages of the given search hits: entry score (relative to `best`, the best hit's) and the
 * chunk's own coverage of the query, plus a small preference for symptom/cause/fix/error chunks, less
 * REPEAT_PENALTY per better chunk of the same guideline; a pasted error line scores quoted error
 * chunks by similarity. Only the passages returned are highlighted.
 */
export function rankPassages(query: ParsedQuery, sources: readonly PassageSource[], first: number, best = bestScore(sources)): Passage[] {
  if (first <= 0 || sources.length === 0) return [];
  const concepts = conceptsOf(query);
  const scored: Scored[] = [];
  for (const { entry, score } of sources) {
    for (const c of chunksOf(entry)) {
      const a = analysisOf(c.text);
      const cov = coverageOf(a, concepts);
      const err = c.kind === 'ERROR' || c.kind === 'SNIPPET' ? errorSimilarity(query.error, (a.error ??= errorSignature(c.text))) : 0;
      if (cov === 0 && err === 0) continue;
      const s = GUIDELINE_WEIGHT * (score / best) + (1 - GUIDELINE_WEIGHT) * cov + err + KIND_PRIOR[c.kind];
      scored.push({ id: c.id, entry, chunk: c, score: round(s) });
    }
  }
  scored.sort(byScore);
  const better = new Map<string, number>();
  const diverse = scored.map((p) => {
    const n = better.get(p.entry.key) ?? 0;
    better.set(p.entry.key, n + 1);
    return n === 0 ? p : { ...p, score: round(p.score - REPEAT_PENALTY * n) };
  });
  return diverse
    .sort(byScore)
    .slice(0, first)
    .map(({ entry, chunk, score }) => ({
      id: chunk.id,
      key: entry.key,
      version: entry.version,
      title: entry.title,
      url: entry.url,
      kind: chunk.kind,
      text: chunk.text,
      score,
      snippet: highlight(chunk.text, concepts),
    }));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const byScore = (a: Scored, b: Scored) => b.score - a.score || a.id.localeCompare(b.id);
