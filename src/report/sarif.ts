// SARIF 2.1.0 for CI code scanning: one run, the rule catalogue in tool.driver.rules, one result
// per finding with a physical location (file + line) and the resource as a logical location.
import { objectName } from '../rules/kinds.ts';
import type { ResourceRef } from '../rules/result.ts';
import type { RuleMeta, Severity } from '../rules/types.ts';
import type { Report } from './types.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { ERROR: 'error', WARNING: 'warning', INFO: 'note' };

function fullyQualifiedName(ref: ResourceRef): string {
  return `${ref.kind} ${objectName(ref)}`;
}

function physical(file: string, line: number): object {
  return { artifactLocation: { uri: encodeURI(file.replace(/\\/g, '/')) }, region: { startLine: Math.max(1, line) } };
}

export function formatSarif(report: Report, rules: readonly RuleMeta[], toolVersion: string): object {
  // Rules with a finding but missing from the catalogue still get a descriptor, so ruleIndex is valid.
  const catalogue = [...rules];
  for (const f of report.findings) {
    if (!catalogue.some((r) => r.id === f.ruleId)) {
      catalogue.push({ id: f.ruleId, title: f.ruleId, severity: f.severity, kinds: [], entryKey: f.entryKey, versions: {}, description: f.ruleId });
    }
  }
  const helpUri = new Map<string, string>();
  for (const f of report.findings) if (f.entry && !helpUri.has(f.ruleId)) helpUri.set(f.ruleId, f.entry.url);
  const indexOf = new Map(catalogue.map((r, i) => [r.id, i]));

  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: indexOf.get(f.ruleId) ?? 0,
    level: LEVEL[f.severity],
    message: { text: `${f.message}. Fix: ${f.fix}` },
    locations: [{
      physicalLocation: physical(f.resource.file, f.line),
      logicalLocations: [{ name: f.resource.name, fullyQualifiedName: fullyQualifiedName(f.resource), kind: 'resource' }],
    }],
    ...(f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            physicalLocation: physical(r.file, r.line),
            message: { text: fullyQualifiedName(r) },
          })),
        }
      : {}),
    properties: { path: f.path, entryKey: f.entryKey, evidence: f.evidence },
  }));

  const invocationNotes = report.parseErrors.map((e) => ({
    level: 'error',
    message: { text: `Parse error: ${e.message}` },
    locations: [{ physicalLocation: physical(e.file, e.line ?? 1) }],
  }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'istio-kb',
          version: toolVersion,
          informationUri: INFORMATION_URI,
          rules: catalogue.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            ...(helpUri.has(r.id) ? { helpUri: helpUri.get(r.id) } : {}),
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: { entryKey: r.entryKey },
          })),
        },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: invocationNotes,
        // Which inputs the results rest on: without `complete`, absence-only results are warnings.
        // Remarks such as removed APIs (MeshPolicy judged as 1.25) travel with the run as well.
        properties: { inputs: report.inputs ?? { complete: false, contextResources: 0, previousResources: 0 }, notes: [...report.notes] },
      }],
      ...(report.version ? { properties: { istioVersion: report.version } } : {}),
      results,
    }],
  };
}
