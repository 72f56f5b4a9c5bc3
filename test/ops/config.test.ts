// Configuration comes from the environment, validated at start-up; .env.example documents every variable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { REPO_ROOT } from '../support/shared.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 4000, databaseUrl: 'file:./data/kb.db', corsOrigins: [], rateLimit: { max: 600 } });
    expect(c.databaseFile).toBe(path.resolve('data/kb.db'));
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('treats empty variables as unset and parses lists', () => {
    const c = loadConfig({ PORT: '', CORS_ORIGINS: 'https://a.example, https://b.example', INGEST_ON_START: 'a,b' });
    expect(c.port).toBe(4000);
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.ingestOnStart).toEqual(['a', 'b']);
  });

  it('documents every variable in .env.example', () => {
    const documented = new Set([...readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    const source = readFileSync(path.join(REPO_ROOT, 'src/config/index.ts'), 'utf8');
    const used = [...source.matchAll(/^\s+([A-Z][A-Z_]+): /gm)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect(documented, name).toContain(name);
  });
});
