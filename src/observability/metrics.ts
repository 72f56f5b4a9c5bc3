// Prometheus metrics (prom-client), one registry per server so tests can run several at once.
// Request metrics are labelled by route pattern and GraphQL operation name, never by raw URL,
// to keep label cardinality bounded.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HttpMetrics } from './http-metrics.ts';

/** Seconds; one set for every latency histogram so that dashboards can compare them. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface KbSnapshot {
  versions(): Promise<readonly { name: string; entryCount: number }[]>;
  ingestRuns(): Promise<readonly { status: string; count: number }[]>;
}

export class Metrics {
  readonly registry = new Registry();
  /** istio_kb_http_requests_total and istio_kb_http_request_duration_seconds, recorded per request. */
  readonly http = new HttpMetrics(this.registry, LATENCY_BUCKETS);
  readonly graphqlOperations = new Counter({
    name: 'istio_kb_graphql_operations_total',
    help: 'GraphQL operations by operation name, type and outcome.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'istio_kb_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by operation name.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  /** REST searches since the last scrape: counted per request as plain numbers (see http-metrics.ts). */
  private readonly restSearches = { ok: 0, error: 0 };
  readonly searches = new Counter({
    name: 'istio_kb_searches_total',
    help: 'Searches by surface (rest, graphql, mcp) and whether they found anything.',
    labelNames: ['surface', 'result'] as const,
    registers: [this.registry],
    collect: () => {
      for (const result of ['ok', 'error'] as const) {
        if (this.restSearches[result] > 0) this.searches.inc({ surface: 'rest', result }, this.restSearches[result]);
        this.restSearches[result] = 0;
      }
    },
  });
  readonly diagnoses = new Counter({
    name: 'istio_kb_diagnoses_total',
    help: 'diagnose runs by surface and outcome.',
    labelNames: ['surface', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly mcpToolCalls = new Counter({
    name: 'istio_kb_mcp_tool_calls_total',
    help: 'MCP tool calls by tool, transport (http, sse, stdio) and outcome.',
    labelNames: ['tool', 'transport', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly mcpToolDuration = new Histogram({
    name: 'istio_kb_mcp_tool_call_duration_seconds',
    help: 'MCP tool call latency by tool.',
    labelNames: ['tool'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly findings = new Counter({
    name: 'istio_kb_findings_total',
    help: 'diagnose findings by rule and severity.',
    labelNames: ['rule', 'severity'] as const,
    registers: [this.registry],
  });

  /** One REST search or passages request answered (ok) or refused (error). */
  countRestSearch(ok: boolean): void {
    this.restSearches[ok ? 'ok' : 'error'] += 1;
  }

  constructor(kb?: KbSnapshot) {
    collectDefaultMetrics({ register: this.registry, prefix: 'istio_kb_' });
    if (!kb) return;
    new Gauge({
      name: 'istio_kb_entries',
      help: 'Knowledge-base entries by doc version.',
      labelNames: ['version'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const v of await kb.versions()) this.set({ version: v.name }, v.entryCount);
      },
    });
    new Gauge({
      name: 'istio_kb_ingest_runs',
      help: 'Ingest runs recorded in the knowledge base, by outcome.',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await kb.ingestRuns()) this.set({ status: r.status }, r.count);
      },
    });
  }
}
