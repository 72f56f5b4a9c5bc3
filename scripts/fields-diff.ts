// `npx tsx scripts/fields-diff.ts KB.db [--json OUT]`: parses every page of the shipped archive with
// the current classifier and prints, entry by entry, the symptoms, causes and fixes that differ from
// those stored in KB.db (a knowledge base ingested from the same archive, e.g. by main). For reading
// a classifier change over the whole archive before it lands: every changed field is listed.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { bundlePages } from '../ingest/bundle.ts';
import { parsePage } from '../ingest/parse-page.ts';
import { packagePath } from '../src/support/package-root.ts';

const FIELDS = ['symptoms', 'causes', 'fixes'] as const;
type Field = (typeof FIELDS)[number];

const [dbFile, flag, out] = process.argv.slice(2);
if (!dbFile) {
  console.error('usage: tsx scripts/fields-diff.ts KB.db [--json OUT]');
  process.exit(2);
}

const db = new Database(dbFile, { readonly: true });
const stored = new Map<string, Record<Field, string[]>>();
for (const row of db.prepare('SELECT url, symptoms, causes, fixes FROM Entry').all() as Record<string, string>[]) {
  stored.set(row.url!, { symptoms: JSON.parse(row.symptoms!), causes: JSON.parse(row.causes!), fixes: JSON.parse(row.fixes!) });
}

interface Change { url: string; title: string; field: Field; before: string[]; after: string[] }
const changes: Change[] = [];
let entries = 0;
let missing = 0;
const { pages } = bundlePages(packagePath('archive/istio-archive.json.br'));
for (const page of pages) {
  for (const entry of parsePage(page.html, page.path).entries) {
    entries += 1;
    const before = stored.get(entry.url);
    if (!before) { missing += 1; continue; }
    for (const field of FIELDS) {
      if (JSON.stringify(before[field]) !== JSON.stringify(entry[field])) {
        changes.push({ url: entry.url, title: entry.title, field, before: before[field], after: entry[field] });
      }
    }
  }
}

for (const c of changes) {
  const removed = c.before.filter((s) => !c.after.includes(s));
  const added = c.after.filter((s) => !c.before.includes(s));
  console.log(`\n## ${c.url}\n   "${c.title}" ${c.field}`);
  for (const s of removed) console.log(`   - ${s}`);
  for (const s of added) console.log(`   + ${s}`);
  if (removed.length === 0 && added.length === 0) console.log('   (order only)');
}
const changedEntries = new Set(changes.map((c) => c.url)).size;
console.log(`\n${entries} entries parsed, ${missing} not in ${dbFile}; ${changes.length} fields changed in ${changedEntries} entries`);
for (const field of FIELDS) console.log(`  ${field}: ${changes.filter((c) => c.field === field).length}`);
if (flag === '--json' && out) writeFileSync(out, JSON.stringify(changes, null, 1));
