// `npx tsx scripts/kb-relations.ts REPORT --db KB.db [--corpus DIR]`: the related words the knowledge
// base itself supplies, for the round-5 paraphrase experiments (eval/README.md, "Round 5: related
// words from the knowledge base"). Every one was measured as a query expansion and REJECTED, so no
// table is shipped and nothing in src/ reads one; the script stays to reproduce the tables.
//
// Reports (tab-separated on stdout):
//   rewordings   the docs' own rewordings: in two consecutive versions of one guideline, a paragraph
//                (or title) changed in at most 3 words against at most 3 ("pilot" -> "istiod"), with counts;
//   cooccurrence the words of most paragraphs in common with each word (Dice over the distinct
//                paragraphs and titles; at least MIN_SHARED paragraphs), 3 per word;
//   anchors      the text of the archive's links to a guideline's anchor, where it is not the title;
//   absent       the words of the tuned paraphrase queries (eval/queries.json, fresh- left out: that
//                set is never read) that no entry of the knowledge base holds, with their queries.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isFresh, loadQueries } from '../eval/queries.ts';
import { isStopword, words } from '../src/search/text.ts';

const MIN_SHARED = 3;
const MAX_CHANGED = 3;

type Db = InstanceType<typeof Database>;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function rewordings(db: Db): Map<string, number> {
  const rows = db
    .prepare<[], { key: string; title: string; paragraphs: string }>(
      'SELECT e.key, e.title, e.paragraphs FROM Entry e JOIN DocVersion d ON d.id = e.versionId ORDER BY e.key, d.major, d.minor',
    )
    .all();
  const pairs = new Map<string, number>();
  for (let i = 0; i + 1 < rows.length; i++) {
    const a = rows[i];
    const b = rows[i + 1];
    if (!a || !b || a.key !== b.key) continue;
    const after = [b.title, ...(JSON.parse(b.paragraphs) as string[])];
    const same = new Set(after);
    for (const before of [a.title, ...(JSON.parse(a.paragraphs) as string[])]) {
      if (same.has(before)) continue;
      const wa = words(before);
      for (const other of after) {
        const wb = words(other);
        let p = 0;
        while (p < wa.length && p < wb.length && wa[p] === wb[p]) p++;
        let s = 0;
        while (s < wa.length - p && s < wb.length - p && wa[wa.length - 1 - s] === wb[wb.length - 1 - s]) s++;
        const changedA = wa.length - p - s;
        const changedB = wb.length - p - s;
        if ((p + s) / Math.max(wa.length, wb.length) <= 0.6 || changedA < 1 || changedB < 1 || changedA > MAX_CHANGED || changedB > MAX_CHANGED) continue;
        const pair = `${wa.slice(p, wa.length - s).join(' ')}\t${wb.slice(p, wb.length - s).join(' ')}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      }
    }
  }
  return pairs;
}

function cooccurrence(db: Db): Map<string, [string, number][]> {
  const texts = new Set<string>();
  for (const r of db.prepare<[], { title: string; paragraphs: string }>('SELECT title, paragraphs FROM Entry').all()) {
    texts.add(r.title);
    for (const p of JSON.parse(r.paragraphs) as string[]) texts.add(p);
  }
  const df = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const t of texts) {
    const ws = [...new Set(words(t).filter((w) => w.length >= 3 && /^[a-z]+$/.test(w) && !isStopword(w)))].sort();
    for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
    for (let i = 0; i < ws.length; i++) for (let j = i + 1; j < ws.length; j++) shared.set(`${ws[i]} ${ws[j]}`, (shared.get(`${ws[i]} ${ws[j]}`) ?? 0) + 1);
  }
  const near = new Map<string, [string, number][]>();
  for (const [pair, n] of shared) {
    if (n < MIN_SHARED) continue;
    const [a = '', b = ''] = pair.split(' ');
    const dice = (2 * n) / ((df.get(a) ?? 0) + (df.get(b) ?? 0));
    for (const [x, y] of [[a, b], [b, a]] as const) near.set(x, [...(near.get(x) ?? []), [y, dice]]);
  }
  for (const list of near.values()) list.sort((p, q) => q[1] - p[1]).splice(3);
  return near;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? htmlFiles(file) : name.endsWith('.html') ? [file] : [];
  });
}

function anchors(corpus: string): Set<string> {
  const out = new Set<string>();
  for (const file of htmlFiles(corpus))
    for (const m of readFileSync(file, 'utf8').matchAll(/<a href=[^ >]*#([a-z0-9-]+)[^>]*>([^<]{3,120})<\/a>/g)) {
      const [, anchor = '', text = ''] = m;
      if (words(text).join('-') !== anchor) out.add(`${anchor}\t${text}`);
    }
  return out;
}

function absent(db: Db): Map<string, string[]> {
  const known = new Set(db.prepare<[], { term: string }>('SELECT term FROM entry_terms_vocab').all().map((r) => r.term));
  const out = new Map<string, string[]>();
  for (const q of loadQueries()) {
    if (isFresh(q) || q.kind !== 'paraphrase') continue;
    for (const w of words(q.q)) if (!isStopword(w) && !known.has(w)) out.set(w, [...(out.get(w) ?? []), q.id]);
  }
  return out;
}

const report = process.argv[2];
const dbFile = option('--db');
if (!dbFile || !['rewordings', 'cooccurrence', 'anchors', 'absent'].includes(report ?? '')) {
  console.error('usage: tsx scripts/kb-relations.ts rewordings|cooccurrence|anchors|absent --db KB.db [--corpus DIR]');
  process.exit(2);
}
const db = new Database(dbFile, { readonly: true });
const lines: string[] = [];
if (report === 'rewordings') for (const [pair, n] of [...rewordings(db)].sort((a, b) => b[1] - a[1])) lines.push(`${n}\t${pair}`);
if (report === 'cooccurrence') for (const [w, list] of [...cooccurrence(db)].sort()) lines.push(`${w}\t${list.map(([y, d]) => `${y} ${d.toFixed(3)}`).join('\t')}`);
if (report === 'anchors') for (const a of [...anchors(option('--corpus') ?? path.join(import.meta.dirname, '../../shared/corpus/istio-archive'))].sort()) lines.push(a);
if (report === 'absent') for (const [w, ids] of [...absent(db)].sort()) lines.push(`${w}\t${ids.join(' ')}`);
db.close();
process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
