// `npm run bench`: every benchmark, one process each so that they do not disturb each other's
// heap and JIT state. Pass names to run some: `npm run bench -- ingest`; options after the names go
// to each of them: `npm run bench -- providers --duration 5 --connections 10`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = ['cli', 'diagnose', 'ingest', 'search-load', 'providers'];
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const names = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const wanted = names.length > 0 ? names : all;
let failed = false;
for (const name of wanted) {
  const file = path.join(here, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`unknown benchmark ${name}; known: ${all.join(', ')}`);
    failed = true;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...options], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
