// The committed resolver types must be what graphql-codegen makes of the current schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { expect, it } from 'vitest';
import config from '../../codegen.ts';
import { REPO_ROOT } from '../support/shared.ts';

it('src/graphql/generated/types.ts is up to date with schema.graphql (run `npm run codegen`)', async () => {
  const outputs = (await generate({ ...config, cwd: REPO_ROOT, silent: true }, false)) as { filename: string; content: string }[];
  expect(outputs).toHaveLength(1);
  const output = outputs[0]!;
  const committed = readFileSync(path.resolve(REPO_ROOT, output.filename), 'utf8');
  expect(committed.trim()).toBe(output.content.trim());
}, 60_000);
