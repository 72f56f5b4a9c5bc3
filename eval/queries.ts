// Loads and validates the judged query set (eval/queries.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const QUERIES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'queries.json');

const Query = z.object({
  id: z.string().min(1),
  kind: z.enum(['operator', 'paraphrase', 'error', 'unquoted-error', 'typo', 'abbrev', 'identifier', 'version', 'prefix']),
  q: z.string().min(1),
  version: z.string().nullable(),
  keys: z.array(z.string().min(1)).min(1),
  // Where a real operator's question was taken from (the real set), and what was trimmed from it.
  source: z.string().url().optional(),
  note: z.string().optional(),
});
const QueryFile = z.object({ about: z.string(), queries: z.array(Query).min(1) });

export type JudgedQuery = z.infer<typeof Query>;

/**
 * The blind set (`blind-NN`, issue 14's second round): written from the guideline pages and judged
 * before the second round's ranking changes, which it measured without being tuned on. From the third
 * round it is tuned on like the rest (its misses are listed); its before-figures stay in eval/README.md.
 */
export const BLIND_PREFIX = 'blind-';
export const isBlind = (q: { readonly id: string }): boolean => q.id.startsWith(BLIND_PREFIX);

/**
 * The unseen set (`unseen-NN`, issue 14's third round): written from the guideline pages and judged
 * before any search ran on it, and not tuned on in round 3, which it measured. From the fourth round
 * it is tuned on like the rest (its misses are listed; its before-figures stay in eval/README.md and
 * the corpus test keeps its floor).
 */
export const UNSEEN_PREFIX = 'unseen-';
export const isUnseen = (q: { readonly id: string }): boolean => q.id.startsWith(UNSEEN_PREFIX);

/**
 * The fresh set (`fresh-NN`, issue 14's fourth round): written from the guideline pages and judged
 * before any search ran on it, and never tuned on. `eval:search` reports it on its own lines and does
 * not list its misses or moved ranks unless asked (--show-fresh), so tuning cannot look at them by
 * accident; the targets and --check leave it out, and the corpus test holds a floor on the whole set,
 * never on single queries.
 */
export const FRESH_PREFIX = 'fresh-';
export const isFresh = (q: { readonly id: string }): boolean => q.id.startsWith(FRESH_PREFIX);

/**
 * The real set (`real-NN`, issue 14's sixth round): titles of real GitHub issues about Istio
 * troubleshooting, as their reporters typed them (`source` is the issue; `note` says what tracker noise
 * was trimmed), kept only when a guideline of the archive answers them, and judged and committed before
 * any search ran on them. `eval:search` scores it on rows of its own; the targets and --check leave it
 * out, as they leave out the fresh set. Unlike the fresh set, its misses are listed: it is a set to learn
 * from (a kept change must still pass the tuning rule on every other set).
 */
export const REAL_PREFIX = 'real-';
export const isReal = (q: { readonly id: string }): boolean => q.id.startsWith(REAL_PREFIX);

/**
 * The later set (`later-NN`, round 7): more titles of real GitHub issues about Istio troubleshooting,
 * found and judged the same way as the real set (as typed, `source` and `note`, kept only when a
 * guideline answers them), by an engineer who had not seen the search's answers, and committed before
 * any search ran on them. Never tuned on: it measures how the search does on questions nobody on the
 * team has seen. `eval:search` scores it on rows of its own like the real set, and its misses are
 * listed; the targets, --check and the corpus test's per-query checks leave it out.
 */
export const LATER_PREFIX = 'later-';
export const isLater = (q: { readonly id: string }): boolean => q.id.startsWith(LATER_PREFIX);

/**
 * The field set (`field-NN`, round 8): a third set of titles of real GitHub issues about Istio
 * troubleshooting, found and judged the same way as the real and later sets (as typed, `source` and
 * `note`, kept only when a guideline answers them), favouring guidelines those sets reach little, by an
 * engineer who had not seen the search's answers, and judged and committed before any search ran on
 * them. Never tuned on: a change kept because of a field- miss turns it into a tuning set.
 * `eval:search` scores it on rows of its own like the later set, and its misses are listed; the targets,
 * --check and the corpus test's per-query checks leave it out.
 */
export const FIELD_PREFIX = 'field-';
export const isField = (q: { readonly id: string }): boolean => q.id.startsWith(FIELD_PREFIX);

/**
 * The learn set (`learn-NN`, round 9): more titles of real GitHub issues, found and judged the same way
 * as the field set and committed before any search ran on them, but collected to learn from, as the
 * real set is: its misses are listed and a change may be chosen by them (the later and field sets stay
 * the check that such a change generalises). Scored on rows of its own like the other real sets, so the
 * tuned figures stay comparable with earlier rounds.
 */
export const LEARN_PREFIX = 'learn-';
export const isLearn = (q: { readonly id: string }): boolean => q.id.startsWith(LEARN_PREFIX);

/**
 * The sets scored on rows of their own: kept out of the tuned figures, the targets, --check and the
 * corpus test's per-query checks.
 */
export const SCORED_APART = [FRESH_PREFIX, REAL_PREFIX, LATER_PREFIX, FIELD_PREFIX, LEARN_PREFIX] as const;
export const isScoredApart = (q: { readonly id: string }): boolean => SCORED_APART.some((prefix) => q.id.startsWith(prefix));

export function loadQueries(file = QUERIES_FILE): JudgedQuery[] {
  const parsed = QueryFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const ids = new Set<string>();
  for (const q of parsed.queries) {
    if (ids.has(q.id)) throw new Error(`Duplicate query id ${q.id} in ${file}`);
    ids.add(q.id);
  }
  return parsed.queries;
}
