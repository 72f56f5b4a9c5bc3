// /metrics in Prometheus format, GraphQL operation names in metrics, the local GraphiQL page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('metrics', () => {
  it('counts requests by route, GraphQL operations by name, searches, findings and KB size', async () => {
    await t.http.get('/api/v1/search').query({ q: 'gateway' });
    await gql(t, 'query FindTls { search(query: "tls") { totalCount } }');
    await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send('apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{name: web, port: 80}]\n');
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    expect(text).toMatch(/istio_kb_http_requests_total\{method="GET",route="\/api\/v1\/search",status="200"\} 1/);
    expect(text).toMatch(/istio_kb_graphql_operations_total\{operation="FindTls",type="query",outcome="ok"\} 1/);
    expect(text).toMatch(/istio_kb_searches_total\{surface="rest",result="ok"\} 1/);
    expect(text).toMatch(/istio_kb_searches_total\{surface="graphql",result="ok"\} 1/);
    expect(text).toMatch(/istio_kb_findings_total\{rule="service-port-name",severity="[A-Z]+"\} 1/);
    expect(text).toMatch(/istio_kb_entries\{version="1.0"\} 8/);
    expect(text).toMatch(/istio_kb_ingest_runs\{status="succeeded"\} 1/);
    expect(text).toContain('istio_kb_http_request_duration_seconds_bucket');
  });
});

describe('GraphiQL', () => {
  it('is served locally with its assets (no CDN)', async () => {
    const page = await t.http.get('/graphiql');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/https?:\/\/(?!127)/);
    for (const asset of ['graphiql/react.js', 'graphiql/react-dom.js', 'graphiql/graphiql.js', 'graphiql/graphiql.css', 'graphiql/init.js']) {
      const res = await t.http.get(`/${asset}`);
      expect(res.status, asset).toBe(200);
    }
  });

  it('is off in production unless configured', async () => {
    const prod = await startTestApp({ env: { NODE_ENV: 'production' } });
    try {
      expect((await prod.http.get('/graphiql')).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
