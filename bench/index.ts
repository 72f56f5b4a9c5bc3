// `npm run bench`: every benchmark, one process each so that they do not disturb each other's
// heap and JIT state. Pass names to run some: `npm run bench -- ingest`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = ['cli', 'diagnose', 'ingest', 'search-load', 'providers'];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
let failed = false;
for (const name of wanted) {
  const file = path.join(here, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`unknown benchmark ${name}; known: ${all.join(', ')}`);
    failed = true;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
