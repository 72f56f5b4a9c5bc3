// `npx tsx scripts/asked-dossiers.ts KB.db OUT_DIR [PARTS]`: writes what a writer of
// archive/asked-as.json reads, and nothing else: per guideline key, its versions, titles and the
// text, symptoms, causes, fixes and quoted errors of its newest version (and of its oldest when the
// title changed), split into PARTS files (default 3) for writers working side by side. The writers
// follow eval/asked-brief.md and never see eval/queries.json (eval/README.md, round 7).
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareVersions } from '../ingest/lineage-normalize.ts';
import type { EntryRow } from '../src/repositories/entry-rows.ts';
import { parseStringArray } from '../src/repositories/json.ts';

/** What a dossier shows of an entry: the columns the search paths read, and its parent section. */
type Row = Pick<EntryRow, 'key' | 'title' | 'version' | 'pageTitle' | 'paragraphs' | 'symptoms' | 'causes' | 'fixes' | 'errorMessages' | 'commands'> & {
  parentKey: string | null;
};

const [dbFile, outDir, parts = '3'] = process.argv.slice(2);
if (!dbFile || !outDir || !(Number(parts) >= 1)) {
  console.error('usage: tsx scripts/asked-dossiers.ts KB.db OUT_DIR [PARTS]');
  process.exit(2);
}

const db = new Database(dbFile, { readonly: true });
const rows = db
  .prepare(
    `SELECT e.key, e.title, v.name AS version, p.title AS pageTitle, e.parentKey, e.paragraphs, e.symptoms, e.causes,
            e.fixes, e.errorMessages, e.commands
       FROM Entry e JOIN DocVersion v ON v.id = e.versionId JOIN Page p ON p.id = e.pageId`,
  )
  .all() as Row[];


function block(r: Row): string {
  const out = [`### As of ${r.version}: "${r.title}" (page: "${r.pageTitle}")`];
  const text = parseStringArray(r.paragraphs);
  if (text.length > 0) out.push(`Text:\n${text.map((p) => `  ${p}`).join('\n')}`);
  for (const field of ['symptoms', 'causes', 'fixes', 'errorMessages', 'commands'] as const) {
    const items = parseStringArray(r[field]);
    if (items.length > 0) out.push(`${field}:\n${items.map((x) => `  - ${x.slice(0, 400)}`).join('\n')}`);
  }
  return out.join('\n');
}

const byKey = new Map<string, Row[]>();
for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
const files: string[][] = Array.from({ length: Number(parts) }, () => []);
[...byKey.keys()].sort().forEach((key, i) => {
  const versions = (byKey.get(key) ?? []).sort((a, b) => compareVersions(a.version, b.version));
  const oldest = versions[0] as Row;
  const newest = versions.at(-1) as Row;
  const titles = [...new Set(versions.map((r) => r.title))].map((t) => JSON.stringify(t)).join(', ');
  let s = `## KEY: ${key}\nVersions: ${oldest.version} .. ${newest.version} (${versions.length} versions)\nTitles used: ${titles}\n`;
  if (newest.parentKey) s += `Subsection of: ${newest.parentKey}\n`;
  s += `${block(newest)}\n`;
  if (oldest !== newest && oldest.title !== newest.title) s += `${block(oldest)}\n`;
  files[i % files.length]?.push(s);
});
mkdirSync(outDir, { recursive: true });
files.forEach((f, i) => writeFileSync(path.join(outDir, `part-${i + 1}.md`), f.join('\n\n')));
console.log(`${byKey.size} keys in ${files.length} parts: ${outDir}`);
