// Findings in a `kind: List` (a `kubectl get -o yaml` dump) point at the item's own lines: each item
// is re-read on its own, not with the whole List (which would parse a multi-megabyte dump again).
import { describe, expect, it } from 'vitest';
import { runDiagnose } from '../../src/rules/engine.ts';

const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: a, namespace: default}
  spec:
    selector: {app: a}
    ports:
    - name: web
      port: 80
- apiVersion: networking.istio.io/v1beta1
  kind: VirtualService
  metadata:
    name: a
    namespace: default
  spec:
    hosts: [a]
    http:
    - route:
      - destination: {host: a, subset: v9}
`;

describe('findings in List items', () => {
  it('carry the lines of the offending fields', () => {
    const result = runDiagnose(LIST, { version: '1.25' });
    const lines = Object.fromEntries(result.findings.map((f) => [f.ruleId, f.line]));
    expect(lines).toEqual({ 'service-port-name': 10, 'vs-subset-not-defined': 21 });
  });

  it('also when the items are indented under `items:`', () => {
    const indented = LIST.replace(/^(?=- |  )/gm, '  ');
    expect(indented).toContain('\n  - apiVersion: v1\n    kind: Service');
    const result = runDiagnose(indented, { version: '1.25' });
    expect(result.parseErrors).toEqual([]);
    expect(Object.fromEntries(result.findings.map((f) => [f.ruleId, f.line]))).toEqual({ 'service-port-name': 10, 'vs-subset-not-defined': 21 });
  });
});
