// A cheap "has the database changed?" token for the caches (search, versions, responses). `PRAGMA data_version` moves when
// another connection commits (the ingest writes through Prisma's own connection, or another process);
// total_changes() covers writes made through this very connection.
import type { SqliteDatabase } from '../db/sqlite.ts';

export class DbGeneration {
  private readonly dataVersion;
  private readonly ownChanges;

  constructor(db: SqliteDatabase) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.ownChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  current(): string {
    return `${this.dataVersion.get() ?? 0}:${this.ownChanges.get() ?? 0}`;
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
