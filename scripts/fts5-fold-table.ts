// `npx tsx scripts/fts5-fold-table.ts [--check] [MIGRATION.sql]`: the facts of FTS5's tokenizer
// 'unicode61 remove_diacritics 2' for every code point, read from SQLite itself, written as the
// PostgreSQL functions between the GENERATED markers of MIGRATION.sql (default: the migration
// 20261204180000_fts5_unicode61_fold, whose hand-written part uses them). --check exits 1 when the
// file's generated functions are not what this SQLite and this Node give (nothing is written).
//
// SQLite's own tables (fts5_unicode2.c, an older Unicode than PostgreSQL's or the C library's) are
// not restated from memory: each code point c is indexed inside a word, "ab" c "cd", and the terms
// read back through fts5vocab say what the tokenizer made of it: two terms "ab" and "cd" (c is a
// separator), or one term "ab" f "cd" (c is a token character folded to f: lower case, diacritic
// removed, or nothing at all). The vocabulary words (kb_vocabulary_words) are what the SQLite store's
// IndexVocabulary splits terms into, JavaScript's \p{L}\p{N}: their table is this Node's Unicode.
//
// A migration is history: after an upgrade of SQLite that changes these facts (test/postgres/fold.test.ts
// says so), copy the migration into a new one and run this script on the copy.
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { packagePath } from '../src/support/package-root.ts';
import { fts5Terms } from './fts5-terms.ts';

const DEFAULT_MIGRATION = packagePath('prisma', 'postgres', 'migrations', '20261204180000_fts5_unicode61_fold', 'migration.sql');
const BEGIN = '-- BEGIN GENERATED';
const END = '-- END GENERATED';
const MAX_CODE_POINT = 0x10ffff;
/** FTS5's tokenizer options for entry_terms: these ASCII characters are token characters there. */
const TERM_CHARS = '_-./';
/** IndexVocabulary's longest word, in UTF-16 code units (JavaScript's `length`). */
const MAX_VOCABULARY_WORD = 40;
/**
 * Printable ASCII that the fold leaves or lower-cases, most frequent in English first: translate()
 * looks each character of its text up in its `from` string from the start, so common characters
 * listed first keep it fast on mostly-ASCII text.
 */
const ASCII_FIRST = ' etaoinsrhldcumfpgwybvkxjqz0123456789._-/ABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface Unicode61 {
  /** Code points FTS5 treats as separators (ascending). */
  readonly separators: number[];
  /** Token characters FTS5 folds to another one (ascending). */
  readonly folds: [number, number][];
  /** Token characters FTS5 drops (ascending). */
  readonly dropped: number[];
}

const codePoints = function* (): Generator<number> {
  for (let c = 1; c <= MAX_CODE_POINT; c++) if (c < 0xd800 || c > 0xdfff) yield c;
};

/** What FTS5's unicode61 (remove_diacritics 2) makes of each code point, read back from an FTS5 table. */
function probeUnicode61(): Unicode61 {
  const cs = [...codePoints()];
  const terms = fts5Terms(cs.map((c) => `ab${String.fromCodePoint(c)}cd`), 'unicode61 remove_diacritics 2');
  const out: Unicode61 = { separators: [], folds: [], dropped: [] };
  cs.forEach((c, i) => {
    const t = terms[i] ?? [];
    if (t.length === 2 && t[0] === 'ab' && t[1] === 'cd') {
      out.separators.push(c);
      return;
    }
    const word = t[0] ?? '';
    if (t.length !== 1 || !word.startsWith('ab') || !word.endsWith('cd')) throw new Error(`U+${hex(c)}: unexpected terms ${JSON.stringify(t)}`);
    const folded = [...word.slice(2, -2)];
    // The SQL relies on a fold of one character into at most one character (translate()).
    if (folded.length > 1) throw new Error(`U+${hex(c)} folds into ${folded.length} characters`);
    const f = folded[0]?.codePointAt(0);
    if (f === undefined) out.dropped.push(c);
    else if (f !== c) out.folds.push([c, f]);
  });
  // ... and on a fold never making a separator (the separators are found after folding).
  const separator = new Set(out.separators);
  for (const [c, f] of out.folds) if (separator.has(f)) throw new Error(`U+${hex(c)} folds into the separator U+${hex(f)}`);
  return out;
}

const hex = (c: number): string => c.toString(16).toUpperCase().padStart(4, '0');

/** A code point as an escape of PostgreSQL's regular expressions and E'' strings (ASCII-only SQL). */
const esc = (c: number): string => (c <= 0xffff ? `\\u${hex(c)}` : `\\U${hex(c).padStart(8, '0')}`);

/** Consecutive code points as [first, last] ranges. */
function ranges(sorted: Iterable<number>): [number, number][] {
  const out: [number, number][] = [];
  for (const c of sorted) {
    const last = out.at(-1);
    if (last && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

/** A bracket expression's content for the code points (escapes only). */
const bracket = (sorted: Iterable<number>): string => ranges(sorted).map(([a, b]) => (a === b ? esc(a) : b === a + 1 ? esc(a) + esc(b) : `${esc(a)}-${esc(b)}`)).join('');

const matching = (re: RegExp): number[] => [...codePoints()].filter((c) => re.test(String.fromCodePoint(c)));

/** SQL text of a character in an E'' literal. */
const literal = (c: number): string => (c >= 0x20 && c < 0x7f && c !== 0x27 && c !== 0x5c ? String.fromCharCode(c) : esc(c));

/** A fold function: separators (and, in ASCII text, everything but `asciiTokenChars`) become spaces. */
function foldFunction(name: string, separators: readonly number[], asciiTokenChars: string): string {
  return `CREATE OR REPLACE FUNCTION ${name}(doc TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF doc ~ '[\\u0080-\\U0010FFFF]' THEN
        RETURN kb_fold_chars(regexp_replace(doc, '[${bracket(separators)}]+', ' ', 'g'));
    END IF;
    RETURN lower(regexp_replace(doc, '[^${asciiTokenChars}]+', ' ', 'g') COLLATE "C");
END
$$;`;
}

/** The generated functions (between the markers). */
function generatedSql(u: Unicode61): string {
  const pairs = new Map<number, number>(u.folds);
  for (const c of ASCII_FIRST) {
    const code = c.codePointAt(0) ?? 0;
    if (!pairs.has(code)) pairs.set(code, code);
  }
  const from = [...ASCII_FIRST].map((c) => c.codePointAt(0) ?? 0);
  from.push(...u.folds.map(([c]) => c).filter((c) => c > 0x7f));
  const to = from.map((c) => pairs.get(c) ?? c);
  from.push(...u.dropped);
  const termChars = new Set([...TERM_CHARS].map((c) => c.codePointAt(0) ?? 0));
  const sqlite = (() => {
    const db = new Database(':memory:');
    try {
      return db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? '?';
    } finally {
      db.close();
    }
  })();
  return `${BEGIN} by scripts/fts5-fold-table.ts from SQLite ${sqlite} and Node's Unicode ${process.versions.unicode}: do not edit by hand.
-- FTS5 (this SQLite): ${u.separators.length} separators in ${ranges(u.separators).length} ranges, ${u.folds.length} characters folded into
-- another one, ${u.dropped.length} dropped; every other code point is a token character kept as it is.

-- Characters folded as FTS5's unicode61 folds token characters: lower case and diacritics removed
-- (remove_diacritics 2), the combining diacritics FTS5 drops deleted. Separators are not touched.
CREATE OR REPLACE FUNCTION kb_fold_chars(doc TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT translate(doc,
        E'${from.map(literal).join('')}',
        E'${to.map(literal).join('')}')
$$;

-- Text as FTS5's 'unicode61 remove_diacritics 2' tokenizes it: its tokens, folded, with a space
-- for each run of separators (two where a token was only dropped diacritics). ASCII text takes the
-- short way (ASCII's separators are everything but letters and digits). plpgsql, not sql: the long
-- literals are compiled once per connection, where a sql function not inlined into its caller is
-- planned again on every call of the caller.
${foldFunction('kb_fold', u.separators, '0-9A-Za-z')}

-- The same with '${TERM_CHARS}' as token characters (entry_terms' tokenchars).
${foldFunction('kb_fold_terms', u.separators.filter((c) => !termChars.has(c)), '0-9A-Za-z_./-')}

-- The words of an identifier term as the SQLite store's IndexVocabulary takes them: runs of
-- JavaScript's \\p{L}\\p{N}, with a \\p{L}, of at most ${MAX_VOCABULARY_WORD} UTF-16 code units.
CREATE OR REPLACE FUNCTION kb_vocabulary_words(term TEXT) RETURNS SETOF TEXT LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN QUERY SELECT m[1] FROM regexp_matches(term, '([${bracket(matching(/[\p{L}\p{N}]/u))}]+)', 'g') AS m
        WHERE char_length(m[1]) + char_length(regexp_replace(m[1], '[^\\U00010000-\\U0010FFFF]+', '', 'g')) <= ${MAX_VOCABULARY_WORD}
            AND m[1] ~ '[${bracket(matching(/\p{L}/u))}]';
END
$$;
${END}`;
}

function main(): void {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const file = args.find((a) => !a.startsWith('--')) ?? DEFAULT_MIGRATION;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`${file}: no "${BEGIN}" ... "${END}" section`);
  const next = text.slice(0, start) + generatedSql(probeUnicode61()) + text.slice(end + END.length);
  if (check) {
    // The provenance line (versions) aside: another SQLite with the same tables is up to date.
    const facts = (t: string) => t.replace(/^-- BEGIN GENERATED.*$/m, '');
    if (facts(next) !== facts(text)) {
      console.error(`${file}: the generated part differs from what this SQLite and Node give`);
      process.exit(1);
    }
    console.log(`${file}: up to date`);
    return;
  }
  writeFileSync(file, next);
  console.log(`${file}: written`);
}

main();
