// Property: random query parameters on every REST route (unknown keys, repeated keys, arrays,
// bracket syntax, broken percent-encoding, odd numbers, forged cursors, random slugs) and random
// JSON for every variable of the main GraphQL operations never cause a 5xx or an uncoded error.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { searchText, unicodeText } from './arbitraries.ts';
import { CASE_TIMEOUT_MS, expectCodedGraphQL, expectCodedRest, runs, within } from './support.ts';

let t: TestApp;
let slugs: string[] = ['503-errors-after-setting-destination-rule'];
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_MAX: '0' } });
  const res = await t.http.get('/api/v1/entries').query({ limit: 100 });
  const listed = (res.body as { entries?: { slug: string; key: string }[] }).entries ?? [];
  if (listed.length > 0) slugs = listed.flatMap((e) => [e.slug, e.key]);
});
afterAll(async () => t?.close());

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send). */
function encode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const base64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Cursors: real-looking ones with forged contents, and plain junk. */
const cursor = fc.oneof(
  fc.jsonValue().map((v) => base64url(JSON.stringify(v))),
  fc.record({ o: fc.oneof(fc.integer(), fc.double(), fc.string()), s: fc.oneof(fc.double(), fc.string()), r: fc.oneof(fc.integer(), fc.string()), q: fc.string() }, { requiredKeys: [] }).map((v) => base64url(JSON.stringify(v))),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
);

const number = fc.oneof(
  fc.integer({ min: -10, max: 1000 }).map(String),
  fc.constantFrom('0', '-1', '1e9', '1e400', 'NaN', 'Infinity', '0x10', '1.5', '  3 ', '', '00012', '9007199254740993', '+5', '1_000'),
);
const version = fc.oneof(fc.constantFrom('1.0', 'latest', 'v1.0', '1', '1.0.3', '9.9', '', ' ', 'v', '..', '1.0;DROP'), unicodeText);
const value = fc.oneof(unicodeText, number, version, cursor, searchText);

const KNOWN_KEYS = ['q', 'version', 'limit', 'cursor', 'from', 'to', 'ignore', 'minSeverity', 'first', 'after'];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN_KEYS) }, { weight: 1, arbitrary: fc.oneof(unicodeText, fc.constantFrom('q[]', 'q[a]', 'limit[0]', '__proto__', 'constructor', 'toString', '')) });
const JUNK = ['%', '%Z', '%ZZ', '%C0%AF', '%FF%FE', '%ED%A0%80', '%00', '&&', '=', '==', ';', '+', '#frag'];

/** A raw query string: encoded pairs, repeated keys (arrays), keys without values, junk escapes. */
const rawQuery: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(key, value).map(([k, v]) => `${encode(k)}=${encode(v)}`) },
      { weight: 1, arbitrary: key.map((k) => encode(k)) },
      { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom(...JUNK)).map(([k, j]) => `${encode(k)}=${j}`) },
    ),
    { maxLength: 8 },
  )
  .map((pairs) => pairs.join('&'));

const slug = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null).map(() => slugs[0] ?? 'x') },
  { weight: 3, arbitrary: fc.nat().map((i) => slugs[i % slugs.length] ?? 'x') },
  { weight: 3, arbitrary: unicodeText.filter((s) => s.length > 0).map(encode) },
  { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2F', '%2e%2e%2f', 'a%00b', '%', '%ZZ', 'x'.repeat(400), '%F0%9F%99%82') },
);

const ROUTES = ['search', 'entries', 'entry', 'history', 'compare', 'rules', 'versions', 'diagnose'] as const;

describe('REST query parameter fuzz', () => {
  it('every route answers random parameters with a 2xx/4xx and coded problems', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), slug, rawQuery, async (route, s, query) => {
        const qs = query === '' ? '' : `?${query}`;
        const url =
          route === 'entry'
            ? `/api/v1/entries/${s}${qs}`
            : route === 'history' || route === 'compare'
              ? `/api/v1/entries/${s}/${route}${qs}`
              : `/api/v1/${route}${qs}`;
        const req =
          route === 'diagnose'
            ? t.http.post(url).set('content-type', 'application/yaml').send('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n')
            : t.http.get(url);
        const res = await within(req.timeout(CASE_TIMEOUT_MS), CASE_TIMEOUT_MS, url.slice(0, 200));
        expectCodedRest(res, url.slice(0, 300));
      }),
      runs(1500),
    );
  }, 60_000);

  it('diagnose JSON bodies of random shape are refused with codes, never 5xx', async () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          manifests: fc.oneof(fc.jsonValue(), fc.string()),
          version: fc.oneof(fc.jsonValue(), version),
          previous: fc.oneof(fc.jsonValue(), fc.string()),
          ignore: fc.oneof(fc.jsonValue(), fc.array(fc.string({ maxLength: 120 }), { maxLength: 120 })),
          minSeverity: fc.oneof(fc.jsonValue(), fc.constantFrom('ERROR', 'WARNING', 'INFO', 'error', '')),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await within(
          t.http.post('/api/v1/diagnose').set('content-type', 'application/json').send(JSON.stringify(b)).timeout(CASE_TIMEOUT_MS),
          CASE_TIMEOUT_MS,
          'diagnose JSON',
        );
        expectCodedRest(res, `diagnose body ${JSON.stringify(b).slice(0, 200)}`);
      }),
      runs(400),
    );
  }, 60_000);
});

/** The main operations, each with every variable it declares. */
const OPERATIONS: Record<string, { query: string; vars: Record<string, fc.Arbitrary<unknown>> }> = {
  search: {
    query: 'query($q: String!, $v: String, $f: Int, $a: String) { search(query: $q, version: $v, first: $f, after: $a) { totalCount edges { cursor node { key } } pageInfo { endCursor } } }',
    vars: { q: searchText, v: version, f: fc.integer({ min: -100, max: 100_000 }), a: cursor },
  },
  entry: {
    query: 'query($s: String!, $v: String) { entry(slug: $s, version: $v) { key title versions snippets { kinds } rules { id } } }',
    vars: { s: fc.oneof(fc.nat().map((i) => slugs[i % slugs.length] ?? 'x'), unicodeText), v: version },
  },
  entries: {
    query: 'query($v: String, $f: Int, $a: String) { entries(version: $v, first: $f, after: $a) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }',
    vars: { v: version, f: fc.integer({ min: -100, max: 100_000 }), a: cursor },
  },
  diagnose: {
    query: 'query($m: String!, $v: String, $p: String, $i: [String!], $s: Severity) { diagnose(manifests: $m, version: $v, previous: $p, ignore: $i, minSeverity: $s) { resourceCount version findings { ruleId } } }',
    vars: {
      m: fc.oneof(fc.constant('apiVersion: v1\nkind: Service\nmetadata: {name: a}\n'), unicodeText),
      v: version,
      p: unicodeText,
      i: fc.array(fc.string({ maxLength: 200 }), { maxLength: 200 }),
      s: fc.constantFrom('ERROR', 'WARNING', 'INFO', 'error', 'FATAL'),
    },
  },
  rules: { query: 'query($v: String) { rules(version: $v) { id entry { key } } }', vars: { v: version } },
  rule: { query: 'query($id: String!) { rule(id: $id) { id title } }', vars: { id: fc.oneof(fc.constantFrom('service-port-name', 'mtls-conflict'), unicodeText) } },
  history: { query: 'query($s: String!) { history(slug: $s) { key versions { version changed } } }', vars: { s: fc.oneof(fc.nat().map((i) => slugs[i % slugs.length] ?? 'x'), unicodeText) } },
  compare: {
    query: 'query($s: String!, $f: String!, $t: String!) { compare(slug: $s, from: $f, to: $t) { key titleChanged fixes { added removed } } }',
    vars: { s: fc.oneof(fc.nat().map((i) => slugs[i % slugs.length] ?? 'x'), unicodeText), f: version, t: version },
  },
};

/** Per variable: a well-typed value, random JSON, or nothing at all. */
function variablesFor(vars: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const entries = Object.entries(vars).map(([name, typed]) =>
    fc.oneof({ weight: 3, arbitrary: typed }, { weight: 2, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.constant(undefined) }).map((v) => [name, v] as const),
  );
  const object = fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
  return fc.oneof({ weight: 8, arbitrary: object }, { weight: 1, arbitrary: fc.jsonValue() });
}

describe('GraphQL variables fuzz', () => {
  for (const [name, op] of Object.entries(OPERATIONS)) {
    it(`${name}: random JSON for every variable`, async () => {
      await fc.assert(
        fc.asyncProperty(variablesFor(op.vars), async (variables) => {
          const res = await within(
            t.http.post('/graphql').set('content-type', 'application/json').send(JSON.stringify({ query: op.query, variables })).timeout(CASE_TIMEOUT_MS),
            CASE_TIMEOUT_MS,
            `GraphQL ${name}`,
          );
          expectCodedGraphQL(res, `${name} ${JSON.stringify(variables)?.slice(0, 300)}`);
        }),
        runs(150),
      );
    }, 60_000);
  }
});
