import { describe, expect, it } from 'vitest';
import { formatJson, JSON_SCHEMA_VERSION } from '../../src/report/json.ts';
import { entryId } from '../../src/support/ids.ts';
import { report } from './format-fixture.ts';

describe('formatJson', () => {
  const parsed = JSON.parse(formatJson(report)) as Record<string, unknown> & { findings: Record<string, unknown>[] };

  it('has the documented top-level shape', () => {
    // `inputs` (issue 10) says which diagnose inputs the findings rest on, `notJudgedCount` how many
    // objects the judged version does not serve; added keys, nothing removed.
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'resourceCount', 'notJudgedCount', 'suppressedCount', 'summary', 'inputs', 'findings', 'parseErrors', 'notes']);
    expect(parsed['inputs']).toEqual({ complete: false, contextResources: 3, previousResources: 0 });
    expect(formatJson({ ...report, version: '1.4' })).toContain('"version": "1.4"');
    expect(parsed['schemaVersion']).toBe(JSON_SCHEMA_VERSION);
    expect(parsed['summary']).toEqual({ errors: 1, warnings: 1, infos: 1, files: 3, resources: 14, notJudged: 0, parseErrors: 1, suppressed: 1 });
  });

  it('sorts findings by file and line and keeps entry links', () => {
    expect(parsed.findings.map((f) => `${String(f['file'])}:${String(f['line'])}`)).toEqual(['dr.yaml:24', 'vs.yaml:16', 'vs.yaml:38']);
    // REST's entry link (id, slug, key, version, title, url), so a script can move between the two.
    expect(parsed.findings[0]?.['entry']).toEqual({
      id: entryId('503-errors-after-setting-destination-rule', '1.0'),
      slug: '503-errors-after-setting-destination-rule',
      key: '503-errors-after-setting-destination-rule',
      version: '1.0',
      title: '503 errors after setting destination rule',
      url: 'https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/#503-errors-after-setting-destination-rule',
    });
    expect(parsed.findings[1]?.['entry']).toBeNull();
    expect(parsed.findings.map((f) => f['evidence'])).toEqual(['contradiction', 'absence', 'contradiction']);
  });

  it('is stable for the same input', () => {
    expect(formatJson(report)).toBe(formatJson({ ...report, findings: [...report.findings].reverse() }));
  });
});
