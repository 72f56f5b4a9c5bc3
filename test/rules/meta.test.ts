// Every registered rule is complete: a test file, a doc page, metadata, and an entryKey that names
// a real section of the sample page (v1.0 deploy guidelines of the shipped archive).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../ingest/parse-page.ts';
import { rules } from '../../src/rules/registry.ts';
import { inRange, parseVersion } from '../../src/rules/version.ts';
import { samplePageHtml } from '../support/archive.ts';
import { REPO_ROOT } from '../support/shared.ts';

const sample = parsePage(samplePageHtml());
const entryKeys = new Set(sample.entries.map((e) => e.key));

describe('rule registry', () => {
  it('has unique ids, sorted', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it('the sample yields the eight entry keys the rules link to', () => {
    expect(entryKeys.size).toBe(8);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it('is a kebab-case id with a test file and a doc page', () => {
        expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(existsSync(path.join(REPO_ROOT, 'test/rules', `${rule.id}.test.ts`)), `test/rules/${rule.id}.test.ts`).toBe(true);
        expect(existsSync(path.join(REPO_ROOT, 'docs/rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md`).toBe(true);
      });

      it('has metadata', () => {
        expect(rule.title.trim()).not.toBe('');
        expect(rule.description.trim().length).toBeGreaterThan(40);
        expect(rule.kinds.length).toBeGreaterThan(0);
        expect(['ERROR', 'WARNING', 'INFO']).toContain(rule.severity);
        // A malformed range would throw here rather than silently disabling the rule.
        expect(() => inRange(parseVersion('1.0'), rule.versions)).not.toThrow();
      });

      it('links to an entry of the guidelines sample', () => {
        expect(entryKeys, `entryKey ${rule.entryKey}`).toContain(rule.entryKey);
      });
    });
  }
});
