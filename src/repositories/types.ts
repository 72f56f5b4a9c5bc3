// Knowledge-base records as the services see them: plain data, independent of the storage.

export interface SnippetRecord {
  readonly language: string;
  readonly code: string;
  readonly kinds: readonly string[];
  readonly parseError: string | null;
}

export interface EntryRecord {
  /** Storage row id; never exposed (public ids derive from key + version). */
  readonly rowId: number;
  readonly key: string;
  readonly slug: string;
  readonly version: string;
  readonly title: string;
  readonly url: string;
  readonly pageUrl: string;
  readonly pageTitle: string;
  readonly level: number;
  readonly position: number;
  readonly paragraphs: readonly string[];
  readonly symptoms: readonly string[];
  readonly causes: readonly string[];
  readonly fixes: readonly string[];
  readonly errorMessages: readonly string[];
  readonly commands: readonly string[];
  readonly snippets: readonly SnippetRecord[];
  readonly contentHash: string;
  readonly updatedAt: Date;
}

export interface VersionRecord {
  readonly name: string;
  readonly major: number;
  readonly minor: number;
  readonly entryCount: number;
  readonly pageCount: number;
  /** When a page of this version last changed in the knowledge base (ingested or updated). */
  /** When the version's pages were first ingested. */
  readonly ingestedAt: Date | null;
  /** When an ingest last changed a page of this version. */
  readonly updatedAt: Date | null;
  readonly isLatest: boolean;
}

export interface SearchHitRecord {
  readonly rowId: number;
  readonly key: string;
  readonly slug: string;
  readonly version: string;
  readonly title: string;
  readonly url: string;
  /** Higher is better. */
  readonly score: number;
  readonly highlights: readonly string[];
}

export interface SearchParams {
  readonly text: string;
  /** Restrict to one version; otherwise each key once, in its newest matching version. */
  readonly version?: string;
  readonly limit: number;
  readonly offset: number;
  /**
   * How many of the hits the caller reads the highlights of (default: all it serves, limit - 1, as
   * one hit more is asked to know whether a next page exists). A search thread builds those with
   * the answer; any other is built when read. Passages read none.
   */
  readonly highlights?: number;
}
