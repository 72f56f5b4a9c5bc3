// One ingest at a time per database file. The write itself is one SQLite transaction, but two
// runs would each parse for seconds and then queue on the write lock, the second one silently
// overwriting what the first just wrote from older sources. A lock file next to the database,
// holding the owner's pid, makes the second run refuse at once with a clear message; a lock left
// by a killed run (its pid is gone) is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { ConflictError } from '../errors.ts';

export interface LockInfo {
  readonly pid: number;
  readonly startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' ? { pid: info.pid, startedAt: String(info.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}

export function lockFileFor(databaseFile: string): string {
  return `${databaseFile}.ingest.lock`;
}

/** Takes the lock or throws ConflictError naming the running ingest. Returns the release function. */
export function acquireIngestLock(databaseFile: string): () => void {
  const file = lockFileFor(databaseFile);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(file);
      if (owner && owner.pid !== process.pid && alive(owner.pid)) {
        throw new ConflictError(
          `Another ingest is running on this knowledge base (pid ${owner.pid}, started ${owner.startedAt}); try again when it has finished.`,
          { pid: owner.pid, startedAt: owner.startedAt },
        );
      }
      // The owner is gone (killed or crashed): the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new ConflictError('Could not take the ingest lock; another ingest is starting at the same time.');
}
