// The SQLite search adds cached per-part statistics instead of running the OR query of a question:
// this holds only if FTS5's bm25 of an OR query is the sum of its parts' bm25 and the column flags
// say where a part occurs. Checked against FTS5 itself on the synthetic knowledge base.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/db/sqlite.ts';
import { PART_IN_PROSE, PART_IN_TITLE, PartCache, porterKeeps, WEIGHTS } from '../../src/repositories/search/part-cache.ts';
import { IndexVocabulary } from '../../src/repositories/search/vocabulary.ts';
import { KbStats } from '../../src/repositories/search/kb-stats.ts';
import type { EntryRecord } from '../../src/repositories/types.ts';
import { conceptsOf } from '../../src/search/passages.ts';
import { parseQuery } from '../../src/search/query.ts';
import { hitSnippet, phraseIn } from '../../src/search/snippet.ts';
import { stem } from '../../src/search/text.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { writeSyntheticKb } from './synthetic-kb.ts';

let t: TestApp;
let dir: string;
let db: SqliteDatabase;
beforeAll(async () => {
  dir = writeSyntheticKb();
  t = await startTestApp({ sources: [dir] });
  db = openSqlite(path.join(t.dir, 'kb.db'), { readonly: true });
});
afterAll(async () => {
  db.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('per-part FTS5 statistics', () => {
  it.each([
    [['"destination"', '"rule"', '"503"']],
    [['"tls"', '"mutual tls"', '"istio mutual"', '"conflict"']],
    [['"gateway"', '"ingress gateway"', '"route"', '"rule"']],
  ])('sum to the bm25 of the OR query %j', (parts) => {
    const cache = new PartCache(db);
    const weights = Object.values(WEIGHTS).join(', ');
    const whole = db.prepare<[string], { id: number; s: number }>(`SELECT rowid AS id, -bm25(entry_fts, ${weights}) AS s FROM entry_fts WHERE entry_fts MATCH ?`).all(parts.join(' OR '));
    const summed = new Map<number, number>();
    for (const p of parts) {
      const stats = cache.get(p);
      stats.ids.forEach((id, i) => summed.set(id, (summed.get(id) ?? 0) + (stats.scores[i] ?? 0)));
    }
    expect(whole.length).toBeGreaterThan(0);
    expect(summed.size).toBe(whole.length);
    for (const r of whole) expect(summed.get(r.id)).toBeCloseTo(r.s, 9);
  });

  it('flags the rows that have the part in the title and in prose as FTS5 column filters do', () => {
    const cache = new PartCache(db);
    const rows = (match: string) => new Set(db.prepare<[string], number>('SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?').pluck().all(match));
    for (const part of ['"rule"', '"istio mutual"', '"503"']) {
      const stats = cache.get(part);
      const inTitle = new Set([...stats.ids].filter((_, i) => ((stats.flags[i] ?? 0) & PART_IN_TITLE) !== 0));
      const inProse = new Set([...stats.ids].filter((_, i) => ((stats.flags[i] ?? 0) & PART_IN_PROSE) !== 0));
      expect(inTitle).toEqual(rows(`{title} : (${part})`));
      expect(inProse).toEqual(rows(`{title error_messages symptoms causes fixes body} : (${part})`));
    }
  });

  it('answers a part no row has with no rows, without FTS5 where the surface vocabulary tells', () => {
    const vocabulary = IndexVocabulary.load(db);
    let asked = 0;
    const surface = { hasAnyWordStartingWith: (p: string) => (asked++, vocabulary.hasAnyWordStartingWith(p)) };
    const told = new PartCache(db, surface);
    const fts5 = new PartCache(db);
    const parts = [
      '"zzzyxw"', '"4711"', '"c3c54a4d"', '"5268749f"', '"rule"', '"rules"', '"ruled"', '"destination"', '"503"', '"504"', '"sett"', '"destinat"',
      '"zzq"*', '"c686b"*', '"0f5f3"*', '"destin"*', '"ru"*', '"happi"*',
      '"destination rule"', '"rule destination"', '"istio mutual"', '"4711 rule"', '"tls 503"', '"c3c54a4d destination"',
    ];
    for (const part of parts) expect([...told.get(part).ids], part).toEqual([...fts5.get(part).ids]);
    expect(asked).toBeGreaterThan(0);
    expect(told.get('"4711"').ids.length).toBe(0);
  });

  it('finds the rows of a whole identifier as entry_terms does, without FTS5 for one the vocabulary lacks', () => {
    const termRows = db.prepare<[string], number>('SELECT rowid FROM entry_terms WHERE entry_terms MATCH ?').pluck();
    let asked = 0;
    const kb = new KbStats(db, (match) => (asked++, termRows.all(match)));
    for (const ident of ['"istio_mutual"', '"sidecar.istio.io/inject"', '"search-7c1862304-ded7f"', '"istiod.istio-system.svc"', '"sidecar.istio.io"']) {
      expect([...kb.identifier(ident)], ident).toEqual(termRows.all(ident));
    }
    expect(kb.identifier('"istio_mutual"').length).toBeGreaterThan(0);
    expect(asked).toBe(2);
  });

  describe('porterKeeps, against FTS5\'s porter', () => {
    // Words of the knowledge base and made ones ending in each letter after porter's suffixes.
    const tokens = () => {
      const surface = db.prepare<[], string>('SELECT term FROM entry_terms_vocab').pluck().all().flatMap((t) => t.match(/[a-z0-9]+/g) ?? []);
      const endings = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
      const suffixes = ['', 'e', 'in', 'at', 'al', 'ic', 'ou', 'iv', 'iz', 'b', 'bl', 'abl', 'ibl', 'enc', 'anc', 'ent', 'ant', 'isn', 'lin'];
      const made = ['hop', 'rat', 'caress', 'agre', 'relat', 'sensibl', 'formal', 'electric', 'adjust', 'communis', 'effect', 'homolog', 'c3c54a4', 'f856', 'xyz', 'oper', 'gener', 'poss', 'respons'].flatMap((w) =>
        endings.flatMap((e) => suffixes.map((s) => `${w}${s}${e}`)),
      );
      const derived = ['xyz', 'gener', 'poss', 'respons', 'c3c54a4'].flatMap((w) =>
        ['biliti', 'abiliti', 'bli', 'ation', 'ational', 'ator', 'enci', 'anci', 'iviti', 'ization', 'y', 'ly', 'bly', 'ated', 'bled', 'ized', 'ies', 'ing', 'ed'].map((s) => `${w}${s}`),
      );
      return [...new Set([...surface, ...made, ...derived])];
    };
    /** Each token's stem as FTS5's porter makes it (one row per token, read back from the instance vocabulary). */
    const porterStems = (words: readonly string[]): Map<string, string> => {
      const mem = openSqlite(':memory:');
      try {
        mem.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
        const insert = mem.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
        words.forEach((w, i) => insert.run(i + 1, w));
        const rows = mem.prepare<[], [string, number]>('SELECT term, doc FROM v').raw().all();
        return new Map(rows.map(([term, doc]) => [words[doc - 1] as string, term]));
      } finally {
        mem.close();
      }
    };

    it('leaves every token it says it keeps as it is', () => {
      const kept = tokens().filter(porterKeeps);
      const stems = porterStems(kept);
      expect(kept.length).toBeGreaterThan(1000);
      expect(kept.filter((tok) => stems.get(tok) !== tok)).toEqual([]);
    });

    it('a kept token starting a stem starts every word with that stem (the surface vocabulary can tell a part matches nothing)', () => {
      const stems = porterStems(tokens().filter((w) => w.length >= 3));
      const wrong: string[] = [];
      let checked = 0;
      for (const [word, st] of stems) {
        for (let k = 1; k <= st.length; k++) {
          const prefix = st.slice(0, k);
          if (!porterKeeps(prefix)) continue;
          checked++;
          if (!word.startsWith(prefix)) wrong.push(`${word} -> ${st}: ${prefix}`);
        }
      }
      expect(checked).toBeGreaterThan(10_000);
      expect(wrong).toEqual([]);
    });

    it('keeps the hashes and suffixes of pod names, ports and ids that pasted lines hold', () => {
      expect(['5d7f9a6c', 'b43bc', 'd4dc', '8080', 'c3c54a4', '7c9fd', 'x9k2m'].filter((t) => !porterKeeps(t))).toEqual([]);
      expect(['pods', 'routed', 'routing', 'policy', 'gateway', 'general', 'handler', 'generic', 'constant', 'agent', 'deletion', 'possibl'].filter(porterKeeps)).toEqual([]);
    });
  });
});

describe('highlights and the phrase check on the entry text', () => {
  const entry = {
    title: '503 errors after setting destination rule',
    errorMessages: [],
    symptoms: [],
    causes: ['The DestinationRule probably causes a TLS conflict.'],
    fixes: [],
    paragraphs: ['If requests to a service immediately start generating HTTP 503 errors after you applied a DestinationRule, check the TLS mode.'],
    snippets: [{ language: 'yaml', code: 'mode: ISTIO_MUTUAL', kinds: [], parseError: null }],
  } as unknown as EntryRecord;

  it('marks the query words in the most important field below the title that has them (every hit shows its title)', () => {
    expect(hitSnippet(entry, conceptsOf(parseQuery('503 destination rule ')))).toBe(
      '…service immediately start generating HTTP <mark>503</mark> errors after you applied a <mark>DestinationRule</mark>, check the TLS mode.',
    );
    expect(hitSnippet(entry, conceptsOf(parseQuery('tls conflict ')))).toBe('The DestinationRule probably causes a <mark>TLS</mark> <mark>conflict</mark>.');
    expect(hitSnippet(entry, conceptsOf(parseQuery('zipkin ')))).toBeNull();
  });

  it('gives the start of the text, not the title again, when only the title holds the words', () => {
    expect(hitSnippet(entry, conceptsOf(parseQuery('after setting ')))).toBe('The DestinationRule probably causes a TLS conflict.');
    // A heading read as a symptom repeats the title: not shown either.
    const headed = { ...entry, symptoms: ['503 errors after setting destination rule', 'Requests fail with 503.'] } as EntryRecord;
    expect(hitSnippet(headed, conceptsOf(parseQuery('after setting ')))).toBe('Requests fail with 503.');
    expect(hitSnippet(headed, conceptsOf(parseQuery('requests fail ')))).toBe('<mark>Requests</mark> <mark>fail</mark> with 503.');
  });

  it('finds the words as a phrase, in the title or elsewhere', () => {
    const stems = (ws: string[]) => ws.map(stem);
    expect(phraseIn(entry, stems(['setting', 'destination', 'rule']))).toEqual({ anywhere: true, inTitle: true });
    expect(phraseIn(entry, stems(['check', 'the', 'tls', 'mode']))).toEqual({ anywhere: true, inTitle: false });
    expect(phraseIn(entry, stems(['rule', 'destination']))).toEqual({ anywhere: false, inTitle: false });
  });
});
