/** One guideline section of one doc version, as lineage matching sees it. */
export interface LineageEntry {
  /** Opaque and unique across the input. */
  readonly id: string;
  /** "0.8", "1.0", …, "1.25". */
  readonly version: string;
  /** Canonical page URL, e.g. https://istio.io/v1.4/docs/ops/common-problems/network-issues/ */
  readonly pageUrl: string;
  readonly pageTitle: string;
  /** Heading id. */
  readonly slug: string;
  /** Heading text. */
  readonly title: string;
  /** 1 = page without sections, 2 = h2 section, 3 = h3 sub-entry. */
  readonly level: number;
  /** The h2 entry a level-3 entry belongs to. */
  readonly parentId?: string;
  /** The entry's content as plain text (symptoms, causes, fixes, paragraphs, code). */
  readonly text: string;
}
