// Binary search over ascending lists (sorted words, row ids): the first index whose value is not
// below the one sought. Two functions rather than one generic, so each call site stays monomorphic
// on the search's hot paths.

export function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of `sorted[0..end)` whose value is not below `id` (`end`: a buffer's used length). */
export function lowerBoundId(sorted: ArrayLike<number>, id: number, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
