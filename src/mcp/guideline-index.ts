// Every guideline once, in its newest version: what resources/list shows and what key completion
// offers. Rebuilt only when the database generation changes (an ingest here or in another process).
import type { KnowledgeBase } from '../services/knowledge-base.ts';

export interface GuidelineRef {
  readonly key: string;
  readonly slug: string;
  readonly version: string;
  readonly title: string;
}

const MAX_COMPLETIONS = 100;

export class GuidelineIndex {
  private cached: { generation: string; newest: GuidelineRef[]; byVersion: Map<string, GuidelineRef[]> } | null = null;
  private building: Promise<NonNullable<GuidelineIndex['cached']>> | null = null;

  constructor(private readonly kb: KnowledgeBase) {}

  async newest(): Promise<readonly GuidelineRef[]> {
    return (await this.load()).newest;
  }

  /** Version names for completion, newest first, and `latest`. */
  async versionNames(): Promise<string[]> {
    return [...(await this.kb.versions()).map((v) => v.name), 'latest'];
  }

  /** Keys (and slugs) starting with `prefix`, in `version` when it names one. */
  async completeKey(prefix: string, version: string | undefined): Promise<string[]> {
    const index = await this.load();
    const resolved = version ? await this.kb.resolveVersion(version).catch(() => undefined) : undefined;
    const pool = (resolved && index.byVersion.get(resolved)) || index.newest;
    const needle = prefix.toLowerCase();
    const out = new Set<string>();
    for (const g of pool) {
      if (g.key.startsWith(needle)) out.add(g.key);
      if (out.size >= MAX_COMPLETIONS) break;
    }
    return [...out];
  }

  private async load(): Promise<NonNullable<GuidelineIndex['cached']>> {
    const generation = this.kb.generation();
    if (this.cached?.generation === generation) return this.cached;
    this.building ??= this.build(generation).finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(generation: string): Promise<NonNullable<GuidelineIndex['cached']>> {
    const byVersion = new Map<string, GuidelineRef[]>();
    const seen = new Set<string>();
    const newest: GuidelineRef[] = [];
    for (const v of await this.kb.versions()) {
      const refs: GuidelineRef[] = [];
      let after: string | null = null;
      do {
        const page = await this.kb.entries(v.name, this.kb.limits.maxPageSize, after);
        for (const { node } of page.items) refs.push({ key: node.key, slug: node.slug, version: node.version, title: node.title });
        after = page.hasNextPage ? page.endCursor : null;
      } while (after);
      byVersion.set(v.name, refs);
      for (const r of refs) {
        if (seen.has(r.key)) continue;
        seen.add(r.key);
        newest.push(r);
      }
    }
    this.cached = { generation, newest, byVersion };
    return this.cached;
  }
}
