// The light read path `istio-kb diagnose` uses instead of the full application: a knowledge base
// when there is one (read-only, never created), the shipped archive's index otherwise.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEntryLinks } from '../../src/repositories/entry-links.ts';
import { ShippedEntryLinks, withFallback } from '../../src/repositories/shipped-entry-links.ts';
import { rules } from '../../src/rules/registry.ts';
import { DiagnoseService } from '../../src/services/diagnose.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const ROUTE_KEY = 'route-rules-have-no-effect-on-my-application';

describe('SqliteEntryLinks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('reads versions and entries of an existing knowledge base', async () => {
    const links = SqliteEntryLinks.open(t.ctx.config.databaseFile);
    expect(links).not.toBeNull();
    try {
      expect(await links!.versions()).toEqual([{ name: '1.0' }]);
      const found = await links!.entriesForKeys([ROUTE_KEY, 'no-such-key'], '1.0');
      expect([...found.keys()]).toEqual([ROUTE_KEY]);
      expect(found.get(ROUTE_KEY)).toMatchObject({ version: '1.0', url: expect.stringContaining('https://istio.io/v1.0/') });
      // The entry the full knowledge base links is the same one.
      const full = await t.ctx.kb.entriesForKeys([ROUTE_KEY], '1.0');
      expect(found.get(ROUTE_KEY)).toEqual({ key: ROUTE_KEY, version: '1.0', title: full.get(ROUTE_KEY)?.title, url: full.get(ROUTE_KEY)?.url });
    } finally {
      links?.close();
    }
  });

  it('is null for a missing file, and does not create it', () => {
    const file = path.join(t.dir, 'missing', 'kb.db');
    expect(SqliteEntryLinks.open(file)).toBeNull();
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});

describe('ShippedEntryLinks', () => {
  const shipped = ShippedEntryLinks.load();

  it('lists the 27 versions of the shipped archive, newest first', async () => {
    const versions = (await shipped.versions()).map((v) => v.name);
    expect(versions).toHaveLength(27);
    expect(versions[0]).toBe('1.25');
    expect(versions.at(-1)).toBe('0.8');
  });

  it('knows the entry of every rule, and picks the judged version when it has it', async () => {
    const found = await shipped.entriesForKeys(rules.map((r) => r.entryKey), '1.4');
    for (const rule of rules) expect(found.get(rule.entryKey), `${rule.id} -> ${rule.entryKey}`).toBeDefined();
    const route = found.get(ROUTE_KEY);
    expect(route?.version).toBe('1.4');
    expect(route?.url).toMatch(/^https:\/\/istio\.io\/v1\.4\//);
  });

  it('lets diagnose cite entries without any knowledge base, for the judged version', async () => {
    const service = new DiagnoseService(shipped, { maxBytes: 1 << 20, maxResources: 1000 });
    const d = await service.diagnose({
      version: '1.9',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{name: web, port: 80}]\n',
    });
    expect(d.findings.length).toBeGreaterThan(0);
    for (const f of d.findings) expect(f.entry?.version, f.ruleId).toBe('1.9');
  });

  it('fills in what a knowledge base lacks', async () => {
    const empty = { versions: async () => [], entriesForKeys: async () => new Map(), generation: () => '0', close: () => undefined };
    const both = withFallback(empty, shipped);
    expect((await both.versions()).length).toBe(27);
    expect((await both.entriesForKeys([ROUTE_KEY], '1.0')).get(ROUTE_KEY)?.version).toBe('1.0');
  });
});
