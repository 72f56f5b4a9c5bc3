import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.ts';
import { report } from './format-fixture.ts';

describe('formatText', () => {
  const out = formatText(report, { color: false });

  it('prints parse errors first, then findings grouped by file and resource', () => {
    const lines = out.split('\n');
    expect(lines[0]).toBe('broken.yaml:7:3 PARSE ERROR  bad indentation');
    expect(out.indexOf('dr.yaml')).toBeLessThan(out.indexOf('vs.yaml\n'));
    expect(out).toContain('DestinationRule default/httpbin (line 20)');
    expect(out).toMatch(/^\s+24 {2}ERROR {4}DestinationRule default\/httpbin has no tls settings {2}\[mtls-conflict\]$/m);
  });

  it('names an object of a cluster-scoped kind without a namespace', () => {
    const mesh = { kind: 'MeshPolicy', namespace: 'default', name: 'default', line: 3, source: 'manifests', file: 'mesh.yaml' } as const;
    const [first] = report.findings;
    if (!first) throw new Error('the fixture has findings');
    const text = formatText({ ...report, parseErrors: [], findings: [{ ...first, resource: mesh, related: [] }] }, { color: false });
    expect(text).toContain('MeshPolicy default (line 3)');
    expect(text).not.toContain('MeshPolicy default/default');
  });

  it('shows the fix and the entry beneath each finding', () => {
    expect(out).toContain('fix: Set tls.mode ISTIO_MUTUAL.');
    expect(out).toContain('see: 503 errors after setting destination rule (Istio 1.0) https://istio.io/v1.0/');
  });

  it('ends with a summary line', () => {
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 error, 1 warning, 1 info in 3 files, 14 resources checked, 1 parse error (1 suppressed)');
  });

  it('uses no escape codes without color, and some with color', () => {
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/\u001b\[/);
    const colored = formatText(report, { color: true });
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(out);
  });

  it('says how many objects were read but not judged (an API version the judged Istio does not serve)', () => {
    const base = { findings: [], parseErrors: [], notes: [], suppressedCount: 0, version: '1.20' };
    expect(formatText({ ...base, resourceCount: 4, notJudgedCount: 4 }, { color: false })).toBe(
      '0 errors, 0 warnings, 4 resources read, none judged (4 that kubectl apply would refuse: see above); judged as Istio 1.20\n',
    );
    expect(formatText({ ...base, resourceCount: 10, notJudgedCount: 3 }, { color: false })).toContain(
      '10 resources read, 7 judged (3 that kubectl apply would refuse: see above)',
    );
  });

  it('handles an empty report', () => {
    expect(formatText({ resourceCount: 0, findings: [], parseErrors: [], notes: [], suppressedCount: 0 }, { color: false }))
      .toBe('0 errors, 0 warnings, 0 resources checked\n');
  });
});
