// npm 12 runs a dependency's install script only when package.json "allowScripts" approves it; an
// unlisted one is skipped with a warning at the end of a long install. For better-sqlite3 that means a
// `npm install` that succeeds and an `npm start` that cannot open any database. So every dependency
// with an install script in the lockfile must have been decided here, one way or the other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean; version?: string }>;
};

/** "node_modules/@scope/name" or "node_modules/a/node_modules/b" -> the package's name. */
const nameOf = (lockPath: string): string => lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);

const withScripts = Object.entries(lock.packages)
  .filter(([lockPath, entry]) => lockPath !== '' && entry.hasInstallScript === true)
  .map(([lockPath]) => nameOf(lockPath));

describe('install scripts (package.json "allowScripts")', () => {
  const allow = pkg.allowScripts ?? {};

  it('decides every dependency of the lockfile that has an install script', () => {
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => !(name in allow))).toEqual([]);
  });

  it("allows better-sqlite3's build (SQLite is its native module) and esbuild's binary check", () => {
    expect(allow['better-sqlite3']).toBe(true);
    expect(allow.esbuild).toBe(true);
  });

  it('lists no package the lockfile does not hold with an install script (a stale decision hides a new one)', () => {
    expect(Object.keys(allow).filter((name) => !withScripts.includes(name))).toEqual([]);
  });
});
