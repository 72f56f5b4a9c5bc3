// Checks the SARIF 2.1.0 properties that the schema requires and that code-scanning UIs read.
import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/report/sarif.ts';
import { report, rules } from './format-fixture.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => {
  expect(v !== null && typeof v === 'object' && !Array.isArray(v), `expected an object, got ${JSON.stringify(v)}`).toBe(true);
  return v as Json;
};
const arr = (v: unknown): unknown[] => {
  expect(Array.isArray(v)).toBe(true);
  return v as unknown[];
};
const message = (v: unknown): void => expect(typeof obj(v)['text']).toBe('string');

describe('formatSarif', () => {
  const log = obj(JSON.parse(JSON.stringify(formatSarif(report, rules, '0.1.0'))));
  const run = obj(arr(log['runs'])[0]);
  const driver = obj(obj(run['tool'])['driver']);
  const descriptors = arr(driver['rules']).map(obj);
  const results = arr(run['results']).map(obj);

  it('has the sarifLog required properties', () => {
    expect(log['version']).toBe('2.1.0');
    expect(String(log['$schema'])).toMatch(/sarif-2\.1\.0/);
    expect(arr(log['runs'])).toHaveLength(1);
  });

  it('describes the tool and every rule', () => {
    expect(driver['name']).toBe('istio-kb');
    expect(driver['version']).toBe('0.1.0');
    expect(typeof driver['informationUri']).toBe('string');
    for (const d of descriptors) {
      expect(typeof d['id']).toBe('string');
      message(d['shortDescription']);
      message(d['fullDescription']);
      expect(['error', 'warning', 'note']).toContain(obj(d['defaultConfiguration'])['level']);
    }
    // service-port-name had a finding but was not in the catalogue: it still gets a descriptor.
    expect(descriptors.map((d) => d['id'])).toEqual(['mtls-conflict', 'gateway-route-ignores-subsets', 'service-port-name']);
    expect(descriptors[0]?.['helpUri']).toMatch(/^https:\/\/istio\.io\//);
    expect(descriptors[1]?.['helpUri']).toBeUndefined();
  });

  it('maps every finding to a result with a valid ruleIndex, level, message and location', () => {
    expect(results).toHaveLength(report.findings.length);
    for (const r of results) {
      const index = r['ruleIndex'] as number;
      expect(descriptors[index]?.['id']).toBe(r['ruleId']);
      expect(['error', 'warning', 'note']).toContain(r['level']);
      message(r['message']);
      const location = obj(arr(r['locations'])[0]);
      const physical = obj(location['physicalLocation']);
      expect(typeof obj(physical['artifactLocation'])['uri']).toBe('string');
      expect(obj(physical['region'])['startLine']).toBeGreaterThanOrEqual(1);
      expect(obj(arr(location['logicalLocations'])[0])['fullyQualifiedName']).toMatch(/^\w+ [\w-]+\/[\w-]+$/);
    }
    expect(results.map((r) => r['level'])).toEqual(['error', 'warning', 'note']);
    expect(obj(results[0]?.['message'])['text']).toContain('Fix: Set tls.mode ISTIO_MUTUAL.');
  });

  it('lists related resources as relatedLocations', () => {
    const related = arr(results[0]?.['relatedLocations']).map(obj);
    expect(related).toHaveLength(1);
    expect(obj(related[0]?.['message'])['text']).toBe('MeshPolicy default'); // cluster-scoped: no namespace
    expect(results[1]?.['relatedLocations']).toBeUndefined();
  });

  it('reports parse errors as tool execution notifications', () => {
    const notes = arr(obj(arr(run['invocations'])[0])['toolExecutionNotifications']).map(obj);
    expect(notes).toHaveLength(1);
    message(notes[0]?.['message']);
  });
});

describe('formatSarif inputs and evidence (issue 10)', () => {
  it('records the applied inputs on the invocation and the evidence on each result', () => {
    const sarif = formatSarif(report, rules, '0.0.0') as {
      runs: { invocations: { properties: { inputs: unknown } }[]; results: { properties: { evidence: string } }[] }[];
    };
    const run = sarif.runs[0];
    expect(run?.invocations[0]?.properties.inputs).toEqual({ complete: false, contextResources: 3, previousResources: 0 });
    expect((run?.invocations[0]?.properties as unknown as { notes: string[] }).notes).toEqual(report.notes);
    expect(run?.results.map((r) => r.properties.evidence)).toEqual(['contradiction', 'absence', 'contradiction']);
  });
});
