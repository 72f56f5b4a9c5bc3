// Module resolution hooks for trace-imports.mjs (they run on the loader thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const file = process.env['IMPORT_TRACE_FILE'];
  if (file) appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
