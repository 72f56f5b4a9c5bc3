// Opening the SQLite knowledge base at start-up: a file whose pages are damaged stops the start with
// a message naming it and is left as it was; a sound file opens with its check's memory map dropped.
import { createHash } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DatabaseStartupError, openKnowledgeBase } from '../../src/db/open-checked.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function databaseWithPages(name: string): string {
  const file = path.join(dir, name);
  const { db } = openKnowledgeBase(file);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT); CREATE INDEX filler_text ON filler (text)');
  const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`row ${i} ${'x'.repeat(i % 200)}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

it('opens a sound file, migrated, without keeping the check\'s memory map', () => {
  const { db } = openKnowledgeBase(databaseWithPages('sound.db'));
  try {
    expect(db.pragma('mmap_size', { simple: true })).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 3000 });
  } finally {
    db.close();
  }
});

it('stops on a file whose pages are damaged, naming it, and leaves it as it was', () => {
  const file = databaseWithPages('damaged.db');
  // Scribble over pages in the middle of the file (not the header page).
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    const junk = Buffer.alloc(8192, 0x5a);
    writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
  } finally {
    closeSync(fd);
  }
  const before = sha(file);
  let error: unknown;
  try {
    openKnowledgeBase(file).db.close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DatabaseStartupError);
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(/damaged/);
  expect(sha(file)).toBe(before);
});
