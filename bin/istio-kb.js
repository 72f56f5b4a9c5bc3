#!/usr/bin/env node
// The istio-kb command: runs the CLI compiled to dist/ by `npm install` / `npm run build`.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(`istio-kb: the compiled build is missing (${fileURLToPath(entry)}); run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exit(2);
}
// Node 22.1+ caches compiled bytecode (in the OS temp dir): repeated CLI calls from CI jobs or hooks start faster.
module.enableCompileCache?.();
await import(entry.href);
