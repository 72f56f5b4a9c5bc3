// The shipped lines of how operators ask for each guideline (archive/asked-as.json, see
// src/search/asked.ts), read once per process. A knowledge base of keys the file does not know is
// searched as before: its rows get no such lines.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { AskedIndex, type AskedAs } from '../../search/asked.ts';
import { packagePath } from '../../support/package-root.ts';

export const ASKED_AS_FILE = packagePath('archive', 'asked-as.json');

const Guidelines = z.record(z.string(), z.array(z.string().min(1)));
const AskedSetFile = z.object({ about: z.string().optional(), guidelines: Guidelines });
/** The sets of lines (src/search/asked.ts); a file of one set may give its `guidelines` alone. */
const AskedAsFile = z.preprocess(
  (file) => (file !== null && typeof file === 'object' && !('sets' in file) && 'guidelines' in file ? { sets: [file] } : file),
  z.object({ about: z.string().optional(), sets: z.array(AskedSetFile).min(1) }),
);

/** The shipped file as read (null: missing), once per process; its index is built on first search. */
let lines: AskedAs | null | undefined;
let shipped: AskedIndex | undefined;

export function shippedAsked(file = ASKED_AS_FILE): AskedIndex {
  if (file !== ASKED_AS_FILE) return indexOf(read(file));
  shipped ??= indexOf(checkShippedAsked());
  return shipped;
}

/**
 * Reads and checks the shipped file without building its index (start-up: a damaged file stops the
 * start; a process whose search runs on worker threads never builds it on the main thread).
 */
export function checkShippedAsked(): AskedAs | null {
  if (lines === undefined) lines = read(ASKED_AS_FILE);
  return lines;
}

const indexOf = (asked: AskedAs | null): AskedIndex => (asked === null ? AskedIndex.EMPTY : new AskedIndex(asked));

/**
 * A missing file searches without asked lines (as a knowledge base of other keys does); a damaged
 * one stops with what is wrong and where, not a failing search per question.
 */
function read(file: string): AskedAs | null {
  if (!existsSync(file)) return null;
  try {
    return AskedAsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const why = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (error as Error).message;
    throw new Error(`${file} is damaged (${why}). It ships with istio-kb: restore it from the release or the repository.`, { cause: error });
  }
}
