// The HTTP metrics are recorded without prom-client's per-call label work (src/observability/http-metrics.ts)
// but must read exactly as prom-client's own Counter and Histogram would: same text, same JSON.
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HttpMetrics } from '../../src/observability/http-metrics.ts';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const REQUESTS: [string, string, number, number][] = [
  ['GET', '/api/v1/search', 200, 0.0004],
  ['GET', '/api/v1/search', 200, 0.001],
  ['GET', '/api/v1/search', 400, 0.0031],
  ['POST', '/api/v1/diagnose', 200, 0.2],
  ['GET', '/api/v1/entries/:slug', 404, 7],
  ['GET', '/api/v1/search', 304, 0.5],
  ['GET', 'unmatched', 404, 0.00001],
];

function reference(): Registry {
  const registry = new Registry();
  const requests = new Counter({ name: 'istio_kb_http_requests_total', help: 'HTTP requests by method, route and status code.', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({ name: 'istio_kb_http_request_duration_seconds', help: 'HTTP request latency by method and route.', labelNames: ['method', 'route'], buckets: BUCKETS, registers: [registry] });
  for (const [method, route, status, seconds] of REQUESTS) {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
  }
  return registry;
}

const sortedLines = (text: string) => text.split('\n').filter(Boolean).sort();

describe('HTTP metrics', () => {
  it("print and read as prom-client's Counter and Histogram", async () => {
    const registry = new Registry();
    const http = new HttpMetrics(registry, BUCKETS);
    for (const [method, route, status, seconds] of REQUESTS) http.record(method, route, status, seconds);
    const ref = reference();
    expect(sortedLines(await registry.metrics())).toEqual(sortedLines(await ref.metrics()));
    const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
    const sortValues = (m: { values: unknown[] }) => ({ ...m, values: [...m.values].map((v) => JSON.stringify(v)).sort() });
    expect(byName(await registry.getMetricsAsJSON()).map(sortValues)).toEqual(byName(await ref.getMetricsAsJSON()).map(sortValues));
  });

  it('counts every request once across scrapes', async () => {
    const registry = new Registry();
    const http = new HttpMetrics(registry, BUCKETS);
    http.record('GET', '/healthz', 200, 0.0001);
    await registry.metrics();
    http.record('GET', '/healthz', 200, 0.0001);
    const text = await registry.metrics();
    expect(text).toContain('istio_kb_http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('istio_kb_http_request_duration_seconds_count{method="GET",route="/healthz"} 2');
  });
});
