// Configuration comes from the environment, validated at start-up; .env.example documents every variable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultDatabaseUrl, loadConfig } from '../../src/config/index.ts';
import { REPO_ROOT } from '../support/shared.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 4000, corsOrigins: [], rateLimit: { max: 0, key: 'ip' }, trustProxy: false });
    // The tests run inside the checkout: its data/ folder.
    expect(c.databaseFile).toBe(path.join(REPO_ROOT, 'data/kb.db'));
  });

  describe('default database location', () => {
    const root = '/opt/checkout';
    const home = '/home/ops';

    it('is the checkout\'s data/ folder when run from anywhere inside the checkout', () => {
      expect(defaultDatabaseUrl({ env: {}, cwd: root, packageRoot: root, home })).toBe('file:/opt/checkout/data/kb.db');
      expect(defaultDatabaseUrl({ env: {}, cwd: '/opt/checkout/k8s/prod', packageRoot: root, home })).toBe('file:/opt/checkout/data/kb.db');
    });

    it('is the XDG data directory anywhere else, never the working directory', () => {
      expect(defaultDatabaseUrl({ env: {}, cwd: '/srv/app', packageRoot: root, home })).toBe('file:/home/ops/.local/share/istio-kb/kb.db');
      expect(defaultDatabaseUrl({ env: { XDG_DATA_HOME: '/data/xdg' }, cwd: '/srv/app', packageRoot: root, home })).toBe('file:/data/xdg/istio-kb/kb.db');
      // A sibling whose name starts like the checkout is not inside it.
      expect(defaultDatabaseUrl({ env: {}, cwd: '/opt/checkout-2', packageRoot: root, home })).toBe('file:/home/ops/.local/share/istio-kb/kb.db');
    });

    it('ignores a relative XDG_DATA_HOME, as the spec says', () => {
      expect(defaultDatabaseUrl({ env: { XDG_DATA_HOME: 'rel/dir' }, cwd: '/srv/app', packageRoot: root, home })).toBe('file:/home/ops/.local/share/istio-kb/kb.db');
    });

    it('gives way to DATABASE_URL', () => {
      expect(loadConfig({ DATABASE_URL: 'file:/tmp/x/kb.db' }).databaseFile).toBe('/tmp/x/kb.db');
    });
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('parses the rate-limit key and TRUST_PROXY, naming a bad value', () => {
    expect(loadConfig({ RATE_LIMIT_KEY: 'header:X-Client-Id' }).rateLimit.key).toEqual({ header: 'x-client-id' });
    expect(() => loadConfig({ RATE_LIMIT_KEY: 'cookie' })).toThrow(/RATE_LIMIT_KEY/);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
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
