// The operation-level cache policy (src/graphql/cache-policy.ts) gives what Apollo's field-by-field
// cache-control plugin gives: the same Cache-Control header and the same policy for the response
// cache (which reads it for answers without errors), on operations of every shape, for schemas whose hints are on root fields only; any other
// schema gets Apollo's plugin itself.
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { describe, expect, it } from 'vitest';
import { cachePolicyPlugins, rootFieldHints } from '../../src/graphql/cache-policy.ts';
import { typeDefs as served } from '../../src/graphql/server.ts';

const SCOPE = `enum CacheControlScope { PUBLIC PRIVATE }
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION`;

const typeDefs = `${SCOPE}
type Query {
  n: Int
  obj: Obj
  list: [Obj!]!
  empty: [Obj!]!
  none: Obj
  zero: Obj @cacheControl(maxAge: 0)
  short: Int @cacheControl(maxAge: 30)
  private: Obj @cacheControl(scope: PRIVATE)
  fails: Obj
}
type Obj { x: Int, child: Obj, children: [Obj!]! }`;

const obj = (): Record<string, unknown> => ({ x: 1, child: { x: 2, child: null, children: [] }, children: [{ x: 3, children: [] }] });
const resolvers = {
  Query: {
    n: () => 1,
    obj,
    list: () => [obj(), obj()],
    empty: () => [],
    none: () => null,
    zero: obj,
    short: () => 2,
    private: obj,
    fails: () => {
      throw new Error('no');
    },
  },
  Obj: { child: (o: Record<string, unknown>) => o['child'] ?? null, children: (o: Record<string, unknown>) => o['children'] ?? [] },
};

const OPERATIONS: { query: string; variables?: Record<string, unknown> }[] = [
  { query: '{ n }' },
  { query: '{ obj { x } }' },
  { query: '{ list { x child { x } } }' },
  { query: '{ empty { x } }' },
  { query: '{ none { x } }' },
  { query: '{ zero { x } }' },
  { query: '{ n zero { x } }' },
  { query: '{ short }' },
  { query: '{ short obj { x } }' },
  { query: '{ private { x } }' },
  { query: '{ private { x } short }' },
  { query: '{ a: n b: short }' },
  { query: '{ __typename }' },
  { query: '{ __typename n }' },
  { query: '{ __schema { queryType { name } } }' },
  { query: '{ ...F } fragment F on Query { short obj { x } }' },
  { query: '{ ... on Query { zero { x } } n }' },
  { query: '{ ... { short } }' },
  { query: '{ n zero @skip(if: true) { x } }' },
  { query: '{ n zero @include(if: false) { x } }' },
  { query: '{ n zero @include(if: true) { x } }' },
  { query: 'query($s: Boolean!) { n short @skip(if: $s) }', variables: { s: true } },
  { query: 'query($s: Boolean!) { n short @skip(if: $s) }', variables: { s: false } },
  { query: 'query($s: Boolean = true) { n zero @include(if: $s) { x } }' },
  { query: 'query($s: Boolean = true) { n zero @include(if: $s) { x } }', variables: { s: false } },
  { query: '{ n ...F @skip(if: true) } fragment F on Query { zero { x } }' },
  { query: 'query Two { n } query One { short }', variables: {} },
  { query: '{ fails { x } n }' },
  { query: '{ nope }' },
  { query: '{ n' },
  { query: 'query($s: Boolean!) { n short @skip(if: $s) }', variables: { s: 'yes' } },
];

/** Cache-Control header and the response cache's policy of each operation. */
async function outcomes(plugins: ApolloServerPlugin<BaseContext>[]): Promise<unknown[]> {
  let policy: unknown = null;
  const probe: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async willSendResponse(ctx) {
          policy = ctx.overallCachePolicy.policyIfCacheable();
        },
      };
    },
  };
  const server = new ApolloServer({ typeDefs, resolvers, plugins: [...plugins, probe] });
  await server.start();
  try {
    const out: unknown[] = [];
    for (const op of OPERATIONS) {
      policy = null;
      const operationName = op.query.startsWith('query Two') ? 'One' : undefined;
      const response = await server.executeOperation({ query: op.query, ...(op.variables ? { variables: op.variables } : {}), ...(operationName ? { operationName } : {}) });
      // The policy is read by the response cache only for an answer without errors (which says no-store).
      const errors = response.body.kind === 'single' && response.body.singleResult.errors !== undefined;
      out.push({ op: op.query, variables: op.variables, header: response.http.headers.get('cache-control'), errors, ...(errors ? {} : { policy }) });
    }
    return out;
  } finally {
    await server.stop();
  }
}

describe('operation-level cache policy', () => {
  it("gives Apollo's plugin's header and policy on operations of every shape", async () => {
    const apollo = await outcomes([ApolloServerPluginCacheControl({ defaultMaxAge: 60 })]);
    const ours = await outcomes(cachePolicyPlugins(typeDefs, 60));
    expect(ours).toEqual(apollo);
    // The cases differ among themselves: the comparison is not of constants.
    expect(new Set(apollo.map((o) => JSON.stringify((o as { header: unknown }).header))).size).toBeGreaterThanOrEqual(4);
  });

  it('applies to the served schema (its one hint: diagnose, maxAge 0)', () => {
    expect(rootFieldHints(served, 60)).toEqual(new Map([['diagnose', { maxAge: 0 }]]));
  });

  it("leaves any other schema to Apollo's plugin", () => {
    const hinted = [
      `${SCOPE} type Query { o: O } type O @cacheControl(maxAge: 5) { x: Int }`,
      `${SCOPE} type Query { o: O } type O { x: Int @cacheControl(maxAge: 5) }`,
      `${SCOPE} type Query { o: O @cacheControl(inheritMaxAge: true) } type O { x: Int }`,
      `${SCOPE} type Query { o: O @cacheControl(maxAge: 120) } type O { x: Int }`,
      `${SCOPE} type Query { o: O } interface I @cacheControl(maxAge: 5) { x: Int } type O implements I { x: Int }`,
    ];
    for (const schema of hinted) expect(rootFieldHints(schema, 60), schema).toBeNull();
    expect(cachePolicyPlugins(hinted[0] ?? '', 60)).toHaveLength(1);
    expect(rootFieldHints(`${SCOPE} type Query { o: O @cacheControl(maxAge: 120) } type O { x: Int }`, 300)).toEqual(new Map([['o', { maxAge: 120 }]]));
  });
});
