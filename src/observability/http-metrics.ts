// Per-request HTTP metrics: istio_kb_http_requests_total and istio_kb_http_request_duration_seconds.
// prom-client's Counter.inc and Histogram.observe validate and hash a fresh label object on every
// call (about 1.5 µs together, measured: a tenth of the CPU of a cached REST answer). Here a request
// finds its series in Maps keyed by the route and method strings Fastify already holds and adds to
// plain numbers; the registry reads the series at scrape time: the counter through prom-client's
// own Counter (collect() hands it the counts since the last scrape), the histogram through a
// collector that gives the registry the values prom-client's Histogram would, so /metrics prints the
// same text (test/ops/http-metrics.test.ts compares both).
import { Counter, type Metric, type Registry } from 'prom-client';

type Method = string;
type Route = string;

interface Latency {
  readonly labels: Readonly<{ method: Method; route: Route }>;
  /** Observations per bucket (not cumulative); the last slot counts those above every bound. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
  /** Requests by status code not yet handed to the counter. */
  readonly pending: Map<number, number>;
}

const REQUESTS = { name: 'istio_kb_http_requests_total', help: 'HTTP requests by method, route and status code.' } as const;
const DURATION = { name: 'istio_kb_http_request_duration_seconds', help: 'HTTP request latency by method and route.' } as const;

interface ValuePair {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  exemplar?: null;
}

export class HttpMetrics {
  private readonly series = new Map<Route, Map<Method, Latency>>();
  readonly requests: Counter<'method' | 'route' | 'status'>;

  constructor(
    registry: Registry,
    private readonly bounds: readonly number[],
  ) {
    const flush = (counter: Counter<'method' | 'route' | 'status'>): void => {
      for (const byMethod of this.series.values()) {
        for (const s of byMethod.values()) {
          for (const [status, n] of s.pending) if (n > 0) counter.inc({ ...s.labels, status: String(status) }, n);
          s.pending.clear();
        }
      }
    };
    this.requests = new Counter({
      ...REQUESTS,
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
      collect() {
        flush(this);
      },
    });
    // The registry only needs name, help, type, aggregator, get() and reset() (prom-client's Metric
    // union lists its own classes, hence the cast).
    registry.registerMetric(this.durationCollector() as unknown as Metric);
  }

  /** One finished request; `route` is the route pattern (bounded cardinality), never the raw URL. */
  record(method: Method, route: Route, status: number, seconds: number): void {
    let byMethod = this.series.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.series.set(route, byMethod);
    }
    let s = byMethod.get(method);
    if (s === undefined) {
      s = { labels: { method, route }, buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0, pending: new Map() };
      byMethod.set(method, s);
    }
    let i = 0;
    while (i < this.bounds.length && seconds > (this.bounds[i] as number)) i++;
    s.buckets[i] = (s.buckets[i] as number) + 1;
    s.sum += seconds;
    s.count += 1;
    s.pending.set(status, (s.pending.get(status) ?? 0) + 1);
  }

  private durationCollector() {
    const bucketName = `${DURATION.name}_bucket`;
    const values = (): ValuePair[] => {
      const out: ValuePair[] = [];
      for (const byMethod of this.series.values()) {
        for (const s of byMethod.values()) {
          const shared = { ...s.labels };
          let cumulative = 0;
          this.bounds.forEach((le, i) => {
            cumulative += s.buckets[i] as number;
            out.push({ labels: { le }, sharedLabels: shared, value: cumulative, metricName: bucketName, exemplar: null });
          });
          out.push(
            { labels: { le: '+Inf' }, sharedLabels: shared, value: s.count, metricName: bucketName, exemplar: null },
            { labels: {}, sharedLabels: shared, value: s.sum, metricName: `${DURATION.name}_sum` },
            { labels: {}, sharedLabels: shared, value: s.count, metricName: `${DURATION.name}_count` },
          );
        }
      }
      return out;
    };
    const base = { ...DURATION, type: 'histogram' as const, aggregator: 'sum' as const };
    return {
      ...base,
      getForPromString: async () => ({ ...base, values: values() }),
      // As prom-client's Histogram.get(): the shared labels merged into each value's labels.
      get: async () => ({ ...base, values: values().map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })) }),
      reset: () => {
        for (const byMethod of this.series.values()) {
          for (const s of byMethod.values()) {
            s.buckets.fill(0);
            s.sum = 0;
            s.count = 0;
          }
        }
      },
    };
  }
}
