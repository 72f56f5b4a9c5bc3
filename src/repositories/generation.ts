// A cheap "has the database changed?" token for the caches (search, versions, responses). `PRAGMA data_version` moves when
// another connection commits (the ingest writes through Prisma's own connection, or another process);
// total_changes() covers writes made through this very connection.
//
// Asking SQLite costs a read transaction: a lock and an unlock of the WAL index (two fcntl calls)
// and an fstat, about 3 µs on an idle machine and 10-15 µs under load, a fifth of a cached REST
// answer. The value is therefore read once per event-loop turn and reused by everything that runs
// in that turn (under load a turn handles a dozen requests or more, in about a millisecond): a
// commit by another process is seen from the next turn on.
// Writes of this process go through Prisma's connection, possibly within the same turn: the writer
// calls invalidate() after its commit, so the next read after an ingest asks SQLite again.
import type { SqliteDatabase } from '../db/sqlite.ts';

export class DbGeneration {
  private readonly dataVersion;
  private readonly ownChanges;
  private memo: string | null = null;
  private readonly forget = (): void => {
    this.memo = null;
  };

  constructor(db: SqliteDatabase) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.ownChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  current(): string {
    if (this.memo !== null) return this.memo;
    const value = `${this.dataVersion.get() ?? 0}:${this.ownChanges.get() ?? 0}`;
    this.memo = value;
    // unref: a pending turn-end must not keep a finished CLI process alive.
    setImmediate(this.forget).unref();
    return value;
  }

  /** Called after this process committed through another connection: the next read asks SQLite. */
  invalidate(): void {
    this.memo = null;
  }
}

/** A value computed from the database, recomputed when the generation moves. */
export class PerGeneration<T> {
  private generation: string | null = null;
  private value: T | null = null;

  constructor(private readonly load: () => T) {}

  get(generation: string): T {
    if (this.value === null || this.generation !== generation) {
      this.value = this.load();
      this.generation = generation;
    }
    return this.value;
  }
}
