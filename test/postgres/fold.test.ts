// PostgreSQL's tokens are FTS5's 'unicode61 remove_diacritics 2' tokens for every character: which
// code points are token characters, how they are case folded and lose their diacritics, whatever the
// database's LC_CTYPE (kb_fold, migration 20261204180000_fts5_unicode61_fold). Each code point of the
// BMP, and a sample of the others, is put inside a word, alone, and upper-cased; each word must get
// FTS5's porter terms in the index (kb_tsvector) and when a question holds it (kb_part_query), and
// entry_terms' terms as whole identifiers (kb_terms, kb_term_query), on a UTF-8 database and on one
// whose LC_CTYPE is C; so must the corpus's words, also with a letter outside ASCII in place of each
// of their letters (FTS5's porter reads such a letter as consonant bytes). The typo vocabulary must
// split terms into words as IndexVocabulary does.
import pg from 'pg';
import { expect, it } from 'vitest';
import { migratePostgres } from '../../src/db/postgres/migrate.ts';
import { fts5Lexeme } from '../../src/repositories/postgres/part-stats.ts';
import { corpusWords, FTS5_PORTER, FTS5_TERMS, fts5Terms } from '../support/fts5.ts';
import { createTestDatabase, describeIfPostgres } from '../support/postgres.ts';

/** Words per statement. */
const BATCH = 10_000;
/** Every this many code points outside the BMP is tried, and more (see astral). */
const ASTRAL_STRIDE = 257;
/** Differences shown when there are some. */
const SHOWN = 30;
/**
 * Where the fold meets kb_words' marks and the porter dictionary: letters that C.UTF-8's towlower
 * lower-cases and FTS5 keeps (Cherokee) in a stemmed word, a long word and a plural of one letter,
 * diacritics dropped inside words, another script's digits after the digit-first mark's letters,
 * German and Danish words whose stem ends in a letter of two bytes.
 */
const EXTRA = [
  'a\u13a0\u13a1ings', '\u13a0'.repeat(30) + 'ings', '\u13a0s', '\u13a0\u13a1\u13a2s', 'qqq\u0661\u0662\u0663', 'qqq\uff11x',
  'x\u0301\u0301\u0301y runs', '\u0301\u0301 e\u0301tudes na\u0308i\u0308ve', 'STRA\u1e9eE stra\u00dfen', 'running\u00b2 \u00bdings',
  'gro\u00dfe h\u00f8ping hop\u00f8ing ka\u00dfed \u0127opping s\u00f8ge', 'a\u13a0\u13a1ed b\u03bcates',
];
/** Letters outside ASCII of one to four bytes, put in place of each letter of the corpus's words (stemmed by FTS5's porter). */
const IN_WORDS = ['\u00f8', '\u00df', '\u0142', '\u00e6', '\u13a0', '\u4e2d', '\u{1d538}'];

/** Each ASCII word of the corpus with each of its letters replaced by a letter outside ASCII. */
function lettersInWords(): string[] {
  const out: string[] = [];
  for (const w of corpusWords().filter((x) => /^[a-z]{3,}$/.test(x))) {
    for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + IN_WORDS[(i + w.length) % IN_WORDS.length] + w.slice(i + 1));
  }
  return out;
}

/** The words built around code points (inside a word, alone, upper-cased), each with its code point. */
function wordsAround(codePoints: Iterable<number>, into: Map<string, number>): void {
  for (const c of codePoints) {
    const ch = String.fromCodePoint(c);
    for (const w of [`ab${ch}cd`, ch]) {
      if (!into.has(w)) into.set(w, c);
      if (!into.has(w.toUpperCase())) into.set(w.toUpperCase(), c);
    }
  }
}

function* bmp(): Generator<number> {
  // No NUL (PostgreSQL's text cannot hold it), no surrogates (not characters).
  for (let c = 1; c <= 0xffff; c++) if (c < 0xd800 || c > 0xdfff) yield c;
}

/**
 * A sample of the other planes: every code point that JavaScript's Unicode calls neither a letter, a
 * digit, unassigned nor private use (FTS5's separators are among them) or that has another case, and
 * every ASTRAL_STRIDE-th of the others.
 */
function* astral(): Generator<number> {
  const other = /[^\p{L}\p{N}\p{Cn}\p{Co}]/u;
  for (let c = 0x10000; c <= 0x10ffff; c++) {
    const ch = String.fromCodePoint(c);
    if (c % ASTRAL_STRIDE === 0 || other.test(ch) || ch.toLowerCase() !== ch || ch.toUpperCase() !== ch) yield c;
  }
}

interface Row {
  w: string;
  lexemes: string[];
  part: string[];
  terms: string[];
  term_query: string | null;
}

/** What PostgreSQL makes of each word, in batches. */
async function postgresTerms(client: pg.Client, ws: readonly string[]): Promise<Row[]> {
  const out: Row[] = [];
  for (let i = 0; i < ws.length; i += BATCH) {
    const { rows } = await client.query<Row>(
      `SELECT w,
              coalesce((SELECT array_agg(u.lexeme ORDER BY p) FROM unnest(kb_tsvector(w)) u CROSS JOIN LATERAL unnest(u.positions) p), '{}') AS lexemes,
              (kb_part_query(w, false)).terms AS part,
              tsvector_to_array(kb_terms(w)) AS terms,
              kb_term_query(w)::text AS term_query
       FROM unnest($1::text[]) WITH ORDINALITY AS x(w, i) ORDER BY i`,
      [ws.slice(i, i + BATCH)],
    );
    out.push(...rows);
  }
  return out;
}

const codes = (w: string): string => [...w].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

/** The index's terms, a question's part's, the identifier index's, an identifier's query. */
const ASPECTS = ['index', 'part', 'terms', 'query'] as const;
type Aspect = (typeof ASPECTS)[number];

/** The words on which PostgreSQL and FTS5 differ: the aspects that differ, and both answers. */
function differences(ws: readonly string[], rows: readonly Row[]): { w: string; wrong: Aspect[]; line: string }[] {
  const porter = fts5Terms(ws, FTS5_PORTER);
  const terms = fts5Terms(ws, FTS5_TERMS);
  return rows.flatMap((r, i) => {
    const stems = (porter[i] ?? []).join(' ');
    const idents = terms[i] ?? [];
    const seen = { index: r.lexemes.map(fts5Lexeme).join(' '), part: r.part.join(' '), terms: [...r.terms].sort().join(' '), query: r.term_query ?? '' };
    const want = { index: stems, part: stems, terms: [...new Set(idents)].sort().join(' '), query: idents.map((t) => `'${t}'`).join(' & ') };
    const wrong = ASPECTS.filter((k) => seen[k] !== want[k]);
    if (wrong.length === 0) return [];
    return [{ w: r.w, wrong, line: `${codes(r.w)}: ${wrong.map((k) => `${k} fts5 "${want[k]}" postgresql "${seen[k]}"`).join('; ')}` }];
  });
}

describeIfPostgres('PostgreSQL folds and separates characters as FTS5 unicode61 does', () => {
  const around = new Map<string, number>();
  wordsAround(bmp(), around);
  wordsAround(astral(), around);
  const ws = [...new Set([...around.keys(), ...EXTRA, ...corpusWords(), ...lettersInWords()])];

  it.each([
    ['the server default (C.UTF-8)', undefined],
    ['LC_CTYPE C', 'C'],
  ])('gives every word FTS5 terms, on a database with %s', async (_name, ctype) => {
    const client = new pg.Client({ connectionString: await createTestDatabase('fold', ctype === undefined ? {} : { ctype }) });
    await client.connect();
    try {
      await migratePostgres(client);
      const rows = await postgresTerms(client, ws);
      expect(rows.map((r) => r.w)).toEqual(ws);
      const differ = differences(ws, rows);
      // Code points (of the BMP, of all tried) whose words differ, in each aspect.
      const codePoints = (a: Aspect) => [...new Set(differ.filter((d) => d.wrong.includes(a)).flatMap((d) => around.get(d.w) ?? []))];
      const counts = Object.fromEntries(ASPECTS.map((a) => [a, `${codePoints(a).filter((c) => c <= 0xffff).length} / ${codePoints(a).length}`]));
      expect({ words: differ.length, codePoints: counts, first: differ.slice(0, SHOWN).map((d) => d.line) }).toEqual({
        words: 0,
        codePoints: Object.fromEntries(ASPECTS.map((a) => [a, '0 / 0'])),
        first: [],
      });
    } finally {
      await client.end();
    }
  }, 600_000);

  it('splits identifier terms into typo words as the SQLite store does', async () => {
    const client = new pg.Client({ connectionString: await createTestDatabase('foldvocab') });
    await client.connect();
    try {
      await migratePostgres(client);
      // The words of each term of the identifier index, and words at IndexVocabulary's length limit (40 code units, 41).
      const long = ['a'.repeat(38) + '\u{1d538}', 'a'.repeat(39) + '\u{1d538}', 'b'.repeat(40), 'b'.repeat(41)];
      const terms = [...new Set([...fts5Terms(ws, FTS5_TERMS).flat(), ...long, long.join('.')])];
      const { rows } = await client.query<{ t: string; words: string[] }>(
        `SELECT t, ARRAY(SELECT kb_vocabulary_words(t)) AS words FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i) ORDER BY i`,
        [terms],
      );
      // IndexVocabulary (src/repositories/search/vocabulary.ts): runs of letters and digits, with a letter, of at most 40 code units.
      const indexVocabulary = (t: string) => (t.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length <= 40 && /\p{L}/u.test(w));
      const differ = rows.filter((r) => r.words.join(' ') !== indexVocabulary(r.t).join(' ')).map((r) => `${codes(r.t)}: ${r.words.join(' ')}`);
      expect({ terms: differ.length, first: differ.slice(0, SHOWN) }).toEqual({ terms: 0, first: [] });
    } finally {
      await client.end();
    }
  }, 600_000);
});
