// Set overlap measures for lineage matching. Containment (overlap over the smaller set) lets a short
// guideline match the longer section that absorbed it; Jaccard says how much of the two is shared.

export function overlap<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared += 1;
  return shared;
}

export function containment<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const smaller = Math.min(a.size, b.size);
  return smaller === 0 ? 0 : overlap(a, b) / smaller;
}

export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const shared = overlap(a, b);
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

export interface SimilarityInput {
  readonly titleTokens: ReadonlySet<string>;
  readonly shingles: ReadonlySet<string>;
}

export interface Similarity {
  readonly title: number;
  readonly content: number;
  readonly score: number;
}

/**
 * How likely two entries of nearby versions are the same guideline, in [0, 1]. Titles weigh as much as
 * content because a retitled section usually keeps most of its words ("Browser problem when…" ->
 * "404 errors occur when…"), while a rewritten section usually keeps its title.
 */
export function similarity(a: SimilarityInput, b: SimilarityInput): Similarity {
  const titleContained = a.titleTokens.size >= 3 && b.titleTokens.size >= 3 ? containment(a.titleTokens, b.titleTokens) : 0;
  const title = Math.max(jaccard(a.titleTokens, b.titleTokens), 0.9 * titleContained);
  // Containment alone would let a short note match any long section quoting it; blend in Jaccard.
  const content = 0.7 * containment(a.shingles, b.shingles) + 0.3 * jaccard(a.shingles, b.shingles);
  return { title, content, score: 0.5 * title + 0.5 * content };
}
