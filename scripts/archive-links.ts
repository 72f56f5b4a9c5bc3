// `npm run archive:links`: writes archive/entry-links.json, the title and URL of every guideline of
// the shipped archive per version, by key. `istio-kb diagnose` cites entries from it when there is
// no knowledge base. It is made by the real ingest (into a throw-away database), so its keys are
// exactly the ones a server holding the shipped archive has; test/ingest/archive.test.ts checks it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { entryLinksIndexOf } from '../src/services/archive-index.ts';
import { SHIPPED_ENTRY_LINKS_FILE } from '../src/repositories/shipped-entry-links.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-links-'));
try {
  const index = await entryLinksIndexOf(path.join(dir, 'kb.db'));
  writeFileSync(SHIPPED_ENTRY_LINKS_FILE, `${JSON.stringify(index, null, 0).replace(/\],"/g, '],\n"')}\n`);
  console.log(`${Object.keys(index.entries).length} keys in ${index.versions.length} versions -> ${SHIPPED_ENTRY_LINKS_FILE}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
