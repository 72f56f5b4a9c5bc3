// DATABASE_URL picks the store: file: is the embedded SQLite default, postgres(ql):// is PostgreSQL.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

describe('DATABASE_URL', () => {
  it('selects PostgreSQL for a postgresql:// or postgres:// URL', () => {
    for (const url of ['postgresql://kb:secret@db:5432/istio_kb', 'postgres://db/istio_kb?sslmode=require']) {
      const c = loadConfig({ DATABASE_URL: url });
      expect(c.databaseProvider).toBe('postgresql');
      expect(c.databaseUrl).toBe(url);
      expect(c.databaseFile).toBe('');
    }
  });

  it('keeps SQLite for file: URLs and as the default', () => {
    expect(loadConfig({}).databaseProvider).toBe('sqlite');
    expect(loadConfig({ DATABASE_URL: 'file:./x.db' }).databaseProvider).toBe('sqlite');
  });

  it('refuses other URLs, naming both accepted forms', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/kb' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/kb' })).toThrow(/file:.*postgresql:\/\//);
  });

  it('reads the pool size and the trusted proxies', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://db/kb', DATABASE_POOL_SIZE: '4', TRUST_PROXY: '10.0.0.0/8' });
    expect(c.databasePoolSize).toBe(4);
    // TRUST_PROXY as issue 12 defined it: false, true, a hop count, or a list of addresses/CIDRs.
    expect(c.trustProxy).toEqual(['10.0.0.0/8']);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '1' })).toThrow(ConfigError);
  });
});
