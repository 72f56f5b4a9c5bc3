// The shape the ingest parser hands to the store: pure data, no database types.

export interface ParsedSnippet {
  language: string;
  code: string;
  /** `kind:` values of the YAML documents in the snippet (empty when not YAML or unparseable). */
  kinds: string[];
  /** One-line reason when the snippet should be YAML but is not usable; null otherwise. */
  parseError: string | null;
}

export interface ParsedEntry {
  slug: string;
  title: string;
  key: string;
  url: string;
  /** 1: a page without sections, 2: an <h2> section, 3: an <h3 id> inside an h2 section. */
  level: 1 | 2 | 3;
  /** The slug of the enclosing h2 entry; only on level-3 entries. */
  parentSlug?: string;
  position: number;
  paragraphs: string[];
  symptoms: string[];
  causes: string[];
  fixes: string[];
  errorMessages: string[];
  commands: string[];
  snippets: ParsedSnippet[];
  contentHash: string;
}

export interface ParsedPage {
  version: string;
  url: string;
  title: string;
  contentHash: string;
  entries: ParsedEntry[];
}
