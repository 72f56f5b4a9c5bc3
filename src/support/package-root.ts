// The installed package's root folder (the checkout, or node_modules/istio-kb), found from this
// module's own location so that it is the same for the TypeScript sources (src/support/) and the
// compiled build (dist/src/support/). Files shipped with the package (migrations, the archive,
// samples) are resolved from here instead of by counting `../` per file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'istio-kb') return dir;
    if (path.dirname(dir) === dir) throw new Error(`istio-kb: no package.json of istio-kb above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. packagePath('prisma', 'migrations'). */
export function packagePath(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}
