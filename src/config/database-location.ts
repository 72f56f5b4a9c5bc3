// Where the SQLite knowledge base lives when DATABASE_URL does not say. One well-known place, so
// that the CLI never scatters `./data/kb.db` files over whatever directory it runs in:
// - run from inside the checkout (npm start, npm test, npx istio-kb in the repo): <checkout>/data/kb.db
// - anywhere else: the user's data directory per the XDG Base Directory spec,
//   $XDG_DATA_HOME/istio-kb/kb.db, or ~/.local/share/istio-kb/kb.db.
// No zod here: `istio-kb diagnose` reads it without loading the full configuration.
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../support/package-root.ts';

export interface LocationInputs {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly packageRoot: string;
  readonly home: string;
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(real(root), real(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The default DATABASE_URL (an absolute `file:` URL). */
export function defaultDatabaseUrl(inputs: Partial<LocationInputs> = {}): string {
  const env = inputs.env ?? process.env;
  const root = inputs.packageRoot ?? PACKAGE_ROOT;
  if (isInside(inputs.cwd ?? process.cwd(), root)) return `file:${path.join(root, 'data', 'kb.db')}`;
  // The spec says relative XDG paths are invalid and must be ignored.
  const xdg = env['XDG_DATA_HOME']?.trim();
  const dataHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(inputs.home ?? os.homedir(), '.local', 'share');
  return `file:${path.join(dataHome, 'istio-kb', 'kb.db')}`;
}

/** DATABASE_URL when set (empty means unset), else the default location. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const given = env['DATABASE_URL']?.trim();
  return given ? given : defaultDatabaseUrl({ env });
}

/** `file:./data/kb.db` -> absolute path (relative to the working directory, as Prisma resolves it). */
export function sqliteFileFromUrl(url: string): string {
  const raw = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (raw === ':memory:') return raw;
  return path.resolve(raw);
}
