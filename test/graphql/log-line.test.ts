// One log line per request, GraphQL included: the operation's name, type, root fields, error codes and
// time ride in the request's own line (src/graphql/observe.ts, OneLinePerRequest in src/server.ts).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const lines: Record<string, any>[] = [];
let app: Awaited<ReturnType<typeof buildServer>>;
beforeAll(async () => {
  t = await startTestApp();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, any>);
      done();
    },
  });
  const logger = { level: 'info', stream };
  app = await buildServer(t.ctx, { logger });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

const post = (query: string, variables: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', 'x-request-id': `r-${lines.length}` }, payload: JSON.stringify({ query, variables }) });

describe('request log lines', () => {
  it('log a GraphQL request once, with its operation in the line', async () => {
    lines.length = 0;
    expect((await post('query FindTls($q: String!) { search(query: $q) { totalCount } }', { q: 'tls' })).statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
      graphql: { operationName: 'FindTls', type: 'query', fields: ['search'], errors: [] },
    });
    expect(typeof lines[0]?.['graphql']?.ms).toBe('number');
    expect(typeof lines[0]?.['responseTime']).toBe('number');
  });

  it('name the error codes of a failed operation, and leave REST lines as they were', async () => {
    lines.length = 0;
    await post('{ search(query: "tls", version: "9.9") { totalCount } }');
    await app.inject({ method: 'GET', url: '/api/v1/search?q=tls' });
    expect(lines).toHaveLength(2);
    expect(lines[0]?.['graphql']).toMatchObject({ operationName: 'anonymous', fields: ['search'], errors: ['BAD_USER_INPUT'] });
    expect(lines[1]).toMatchObject({ msg: 'request completed', req: { url: '/api/v1/search?q=tls' }, res: { statusCode: 200 } });
    expect(lines[1]).not.toHaveProperty('graphql');
  });
});
