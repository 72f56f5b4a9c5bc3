// What changed in one guideline between two versions. Lists are compared item by item after
// removing the same version noise as the content hash (release-1.x, /v1.x/ links, archive
// footers), so compare and history's `changed` agree; an item removed and an item added that are
// mostly the same words are reported as one change instead of a removal plus an addition.
import { normaliseCodeForHash, normaliseForHash } from '../../ingest/hash.ts';
import type { EntryRecord } from '../repositories/types.ts';

export interface TextChange {
  readonly from: string;
  readonly to: string;
}

export interface ListDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly TextChange[];
}

export interface EntryDiff {
  readonly titleChanged: boolean;
  readonly slugChanged: boolean;
  readonly symptoms: ListDiff;
  readonly causes: ListDiff;
  readonly fixes: ListDiff;
  readonly errorMessages: ListDiff;
  readonly snippets: ListDiff;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
}

function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 && wb.size === 0) return 1;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common += 1;
  return common / (wa.size + wb.size - common);
}

/** Code keeps its indentation (YAML nesting is meaning); prose compares with whitespace collapsed. */
export function diffLists(before: readonly string[], after: readonly string[], normalise: (text: string) => string = normaliseForHash): ListDiff {
  const afterNorm = new Set(after.map(normalise));
  const beforeNorm = new Set(before.map(normalise));
  const removed = before.filter((b) => !afterNorm.has(normalise(b)));
  const added = after.filter((a) => !beforeNorm.has(normalise(a)));
  const changed: TextChange[] = [];
  const stillAdded = [...added];
  const stillRemoved: string[] = [];
  for (const r of removed) {
    let best = -1;
    let bestScore = 0.5;
    stillAdded.forEach((a, i) => {
      const s = similarity(r, a);
      if (s >= bestScore) {
        best = i;
        bestScore = s;
      }
    });
    if (best >= 0) {
      changed.push({ from: r, to: stillAdded[best] ?? '' });
      stillAdded.splice(best, 1);
    } else {
      stillRemoved.push(r);
    }
  }
  return { added: stillAdded, removed: stillRemoved, changed };
}

export function diffEntries(a: EntryRecord, b: EntryRecord): EntryDiff {
  const code = (e: EntryRecord) => e.snippets.map((s) => s.code);
  return {
    titleChanged: a.title !== b.title,
    slugChanged: a.slug !== b.slug,
    symptoms: diffLists(a.symptoms, b.symptoms),
    causes: diffLists(a.causes, b.causes),
    fixes: diffLists(a.fixes, b.fixes),
    errorMessages: diffLists(a.errorMessages, b.errorMessages),
    snippets: diffLists(code(a), code(b), normaliseCodeForHash),
  };
}

