// The SQLite generation token is read once per event-loop turn (src/repositories/generation.ts):
// a commit by another connection is seen from the next turn, and a commit of this process at once
// once the writer has invalidated it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/db/sqlite.ts';
import { DbGeneration } from '../../src/repositories/generation.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('DbGeneration', () => {
  let dir: string;
  let reader: SqliteDatabase;
  let writer: SqliteDatabase;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-generation-'));
    const file = path.join(dir, 'kb.db');
    reader = openSqlite(file);
    writer = openSqlite(file);
    writer.exec('CREATE TABLE t (x INTEGER)');
  });

  afterAll(() => {
    reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("moves with another connection's commit from the next event-loop turn", async () => {
    const generation = new DbGeneration(reader);
    const before = generation.current();
    writer.prepare('INSERT INTO t VALUES (1)').run();
    await nextTurn();
    const after = generation.current();
    expect(after).not.toBe(before);
    await nextTurn();
    expect(generation.current()).toBe(after);
  });

  it('moves within the same turn once the writer invalidated it', () => {
    const generation = new DbGeneration(reader);
    const before = generation.current();
    writer.prepare('INSERT INTO t VALUES (2)').run();
    generation.invalidate();
    expect(generation.current()).not.toBe(before);
  });

  it('counts writes through its own connection', async () => {
    const generation = new DbGeneration(reader);
    const before = generation.current();
    reader.prepare('INSERT INTO t VALUES (3)').run();
    await nextTurn();
    expect(generation.current()).not.toBe(before);
  });
});
