// Diagnose throughput: generates realistic bundles (Services, Deployments, VirtualServices,
// DestinationRules, Gateways with cross-references and a few planted problems) of 100, 1,000 and
// 10,000 resources and compares the engine with parsing the same text alone.
// Targets: 10,000 resources <= 1.5x the parse time; 10x input <= 12x time.
// Run: npx tsx bench/diagnose.ts
import { parseAllDocuments } from 'yaml';
import { runDiagnose } from '../src/rules/engine.ts';
import { bundle } from './manifests.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Interleaves the two measurements so that machine load affects both alike; returns medians. */
function timePair(a: () => void, b: () => void, runs: number): [number, number] {
  a();
  b(); // warm-up
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    a();
    as.push(performance.now() - start);
    start = performance.now();
    b();
    bs.push(performance.now() - start);
  }
  return [median(as), median(bs)];
}

const rows: { size: number; resources: number; findings: number; parse: number; diagnose: number; bytes: number }[] = [];
for (const size of [100, 1_000, 10_000]) {
  const text = bundle(size);
  const runs = size >= 10_000 ? 7 : 15;
  let resources = 0;
  let findings = 0;
  let byRule: Record<string, number> = {};
  const [parse, diagnose] = timePair(() => void parseAllDocuments(text), () => {
    // Realistic 10,000-object bundles are larger than the 2 MiB API default, so the bench raises it.
    const result = runDiagnose(text, { version: '1.0', limits: { maxInputBytes: 64 * 1024 * 1024 } });
    resources = result.resourceCount;
    findings = result.findings.length;
    byRule = {};
    for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  }, runs);
  console.log(`${size}: findings by rule ${JSON.stringify(byRule)}`);
  rows.push({ size, resources, findings, parse, diagnose, bytes: Buffer.byteLength(text) });
}

console.log('size     resources  findings  KiB     parse(ms)  diagnose(ms)  ratio  scaling-vs-previous');
let previous: (typeof rows)[number] | undefined;
for (const row of rows) {
  const scaling = previous ? `${(row.diagnose / previous.diagnose).toFixed(2)}x` : '-';
  console.log(
    `${String(row.size).padEnd(8)} ${String(row.resources).padEnd(10)} ${String(row.findings).padEnd(9)} ${String(Math.round(row.bytes / 1024)).padEnd(7)} ${row.parse.toFixed(1).padStart(9)}  ${row.diagnose.toFixed(1).padStart(12)}  ${(row.diagnose / row.parse).toFixed(2).padStart(5)}  ${scaling}`,
  );
  previous = row;
}
const last = rows[rows.length - 1]!;
const prev = rows[rows.length - 2]!;
const ratioOk = last.diagnose / last.parse <= 1.5;
const scalingOk = last.diagnose / prev.diagnose <= 12;
console.log(`target 10,000 <= 1.5x parse: ${ratioOk ? 'met' : 'NOT met'}; 10x input <= 12x time: ${scalingOk ? 'met' : 'NOT met'}`);
