import type { RankedHit } from '../repositories/search.ts';
import type { EntryRecord } from '../repositories/types.ts';
import type { Diagnosis, LinkedFinding } from '../services/diagnose.ts';
import type { Page } from '../services/knowledge-base.ts';
import type { ResourceRef } from '../rules/result.ts';
import type { Rule, Severity } from '../rules/types.ts';
import type { GraphQLContext } from './context.ts';
import type { Resolvers } from './generated/types.ts';
import { entryNotFound, ruleNotFound } from '../services/not-found.ts';
import { entryId } from '../support/ids.ts';

type Args<T> = Readonly<T>;

function connection<T, N>(page: Page<T>, node: (t: T) => N) {
  return {
    totalCount: page.totalCount,
    edges: page.items.map((item) => ({ cursor: item.cursor, node: node(item.node), item: item.node })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}

function ruleEntry(rule: Rule, ctx: GraphQLContext, version?: string): Promise<EntryRecord | undefined> {
  return ctx.kb.entriesForKeys([rule.entryKey], version).then((m) => m.get(rule.entryKey));
}

// Typed by the generated Resolvers (codegen.ts): a resolver that drifts from schema.graphql does not compile.
export const resolvers: Resolvers = {
  Query: {
    versions: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.kb.versions(),

    async search(_: unknown, args: Args<{ query: string; version?: string | null; first?: number | null; after?: string | null }>, ctx: GraphQLContext) {
      // Hits carry their entries (loaded by the search repository without Prisma).
      const page = await ctx.rankings.search(args);
      const result = connection(page, (hit: RankedHit) => hit.entry);
      return {
        ...result,
        didYouMean: page.didYouMean,
        edges: result.edges.map((e) => ({ cursor: e.cursor, node: e.node, score: e.item.score, highlights: e.item.highlights })),
      };
    },

    async passages(_: unknown, args: Args<{ query: string; version?: string | null; first?: number | null }>, ctx: GraphQLContext) {
      return ctx.rankings.passages(args);
    },

    // The field stays nullable (the contract), but an absent entry is an error as on REST (404), so
    // a client cannot mistake a typo for "the guideline says nothing".
    async entry(_: unknown, args: Args<{ slug: string; version?: string | null }>, ctx: GraphQLContext) {
      const entry = await ctx.kb.entry(args.slug, args.version);
      if (!entry) throw entryNotFound(args.slug, args.version);
      return entry;
    },

    async entries(_: unknown, args: Args<{ version?: string | null; first?: number | null; after?: string | null }>, ctx: GraphQLContext) {
      const page = await ctx.kb.entries(args.version, args.first, args.after);
      const result = connection(page, (e: EntryRecord) => e);
      return { ...result, edges: result.edges.map((e) => ({ cursor: e.cursor, node: e.node })) };
    },

    diagnose: (
      _: unknown,
      args: Args<{
        manifests: string;
        version?: string | null;
        previous?: string | null;
        ignore?: readonly string[] | null;
        minSeverity?: Severity | null;
        complete?: boolean | null;
        context?: string | null;
        namespace?: string | null;
      }>,
      ctx: GraphQLContext,
    ) => ctx.diagnose.diagnose(args),

    rules: (_: unknown, args: Args<{ version?: string | null }>, ctx: GraphQLContext) => ctx.diagnose.rulesFor(args.version),

    async rule(_: unknown, args: Args<{ id: string }>, ctx: GraphQLContext) {
      const all = await ctx.diagnose.rulesFor(null);
      const rule = all.find((r) => r.id === args.id);
      if (!rule) throw ruleNotFound(args.id, all.map((r) => r.id));
      return rule;
    },

    async history(_: unknown, args: Args<{ slug: string }>, ctx: GraphQLContext) {
      const h = await ctx.kb.history(args.slug);
      if (!h) throw entryNotFound(args.slug);
      return { key: h.key, versions: h.items };
    },

    async compare(_: unknown, args: Args<{ slug: string; from: string; to: string }>, ctx: GraphQLContext) {
      const c = await ctx.kb.compare(args.slug, args.from, args.to);
      if (!c) throw entryNotFound(args.slug);
      return { key: c.key, from: c.from, to: c.to, ...c.diff };
    },
  },

  Entry: {
    id: (e: EntryRecord) => entryId(e.key, e.version),
    versions: async (e: EntryRecord, _: unknown, ctx: GraphQLContext) => (await ctx.versionsOfKey.load(e.key)) ?? [e.version],
    rules: async (e: EntryRecord, _: unknown, ctx: GraphQLContext) => (await ctx.diagnose.rulesFor(null)).filter((r) => r.entryKey === e.key),
  },

  Rule: {
    entry: (r: Rule, _: unknown, ctx: GraphQLContext) => ruleEntry(r, ctx),
    kinds: (r: Rule) => r.kinds,
    fromVersion: (r: Rule) => r.versions.from ?? null,
    toVersion: (r: Rule) => r.versions.to ?? null,
  },

  Diagnosis: {
    findings: (d: Diagnosis) => d.findings,
  },

  Finding: {
    entry: (f: LinkedFinding) => f.entry,
    related: (f: LinkedFinding) => f.related,
    source: (f: LinkedFinding) => f.resource.source,
    evidence: (f: LinkedFinding) => (f.evidence === 'absence' ? 'ABSENCE' : 'CONTRADICTION'),
  },

  ResourceRef: {
    file: (r: ResourceRef) => r.file,
  },
};
