// The served schema must contain the public contract: nothing renamed or removed, no argument
// made stricter. Extra types, fields and optional arguments are allowed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/graphql/server.ts';
import { SHARED_DIR } from '../support/shared.ts';

const contractFile = path.join(SHARED_DIR, 'contract/schema.graphql');

describe('GraphQL schema', () => {
  it('builds', () => {
    expect(() => buildSchema(typeDefs)).not.toThrow();
  });

  it.skipIf(!existsSync(contractFile))('contains the public contract without breaking changes', () => {
    const contract = buildSchema(readFileSync(contractFile, 'utf8'));
    expect(findBreakingChanges(contract, buildSchema(typeDefs))).toEqual([]);
  });
});
