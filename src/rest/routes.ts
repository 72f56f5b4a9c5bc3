// The REST API (/api/v1). Inputs are validated with zod at the edge; every error leaves as an
// RFC 9457 problem document via the server's error handler.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import type { DiagnoseService } from '../services/diagnose.ts';
import type { KnowledgeBase } from '../services/knowledge-base.ts';
import { AnswerCache } from './cache.ts';
import { diagnosisJson, entryJson, ruleJson } from './serialize.ts';

const SEVERITY = z.enum(['ERROR', 'WARNING', 'INFO']);
const optionalText = z.string().max(200).optional();
const limit = z.coerce.number().int().min(0).optional();

const SearchQuery = z.object({ q: z.string(), version: optionalText, limit, cursor: z.string().max(200).optional() });
const PassagesQuery = z.object({ q: z.string(), version: optionalText, limit });
const EntryParams = z.object({ slug: z.string().min(1).max(300) });
const VersionQuery = z.object({ version: optionalText });
const CompareQuery = z.object({ from: z.string().min(1).max(40), to: z.string().min(1).max(40) });
const EntriesQuery = z.object({ version: optionalText, limit, cursor: z.string().max(200).optional() });
const DiagnoseQuery = z.object({
  version: optionalText,
  ignore: z.string().max(2000).optional(),
  minSeverity: SEVERITY.optional(),
});
const DiagnoseJson = z.object({
  manifests: z.string(),
  version: optionalText,
  previous: z.string().optional(),
  ignore: z.array(z.string().max(100)).max(100).optional(),
  minSeverity: SEVERITY.optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new BadUserInputError(`Invalid ${what}: ${issues.map((i) => `${i.field || what}: ${i.message}`).join('; ')}`, { errors: issues });
  }
  return result.data;
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

export async function registerRest(app: FastifyInstance, kb: KnowledgeBase, diagnose: DiagnoseService): Promise<void> {
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get('/api/v1/versions', async (request, reply) =>
    answers.send(request, reply, key('versions'), async () => ({
      versions: (await kb.versions()).map((v) => ({ name: v.name, isLatest: v.isLatest, entryCount: v.entryCount })),
    })),
  );

  const answers = new AnswerCache(() => kb.generation());
  const key = (...parts: unknown[]) => JSON.stringify(parts);

  app.get('/api/v1/search', async (request, reply) => {
    const q = parse(SearchQuery, request.query, 'query parameters');
    return answers.send(request, reply, key('search', q.q, q.version, q.limit, q.cursor), () => searchAnswer(q));
  });

  const searchAnswer = async (q: z.infer<typeof SearchQuery>) => {
    const page = await kb.search({ query: q.q, version: q.version ?? null, first: q.limit ?? 10, after: q.cursor ?? null });
    return {
      total: page.totalCount,
      hits: page.items.map(({ node: h }) => ({
        slug: h.slug,
        key: h.key,
        version: h.version,
        title: h.title,
        url: h.url,
        score: h.score,
        snippet: h.highlights[0] ?? '',
      })),
      nextCursor: page.hasNextPage ? page.endCursor : null,
      didYouMean: page.didYouMean,
    };
  };

  app.get('/api/v1/passages', async (request, reply) => {
    const q = parse(PassagesQuery, request.query, 'query parameters');
    return answers.send(request, reply, key('passages', q.q, q.version, q.limit), () =>
      kb.passages({ query: q.q, version: q.version ?? null, first: q.limit ?? 5 }),
    );
  });

  app.get('/api/v1/entries', async (request) => {
    const q = parse(EntriesQuery, request.query, 'query parameters');
    const page = await kb.entries(q.version ?? null, q.limit ?? 50, q.cursor ?? null);
    const versions = await kb.versionsOfKeys(page.items.map((i) => i.node.key));
    const rules = await diagnose.rulesFor(null);
    return {
      total: page.totalCount,
      entries: page.items.map(({ node }) => entryJson(node, versions.get(node.key) ?? [node.version], rules)),
      nextCursor: page.hasNextPage ? page.endCursor : null,
    };
  });

  app.get('/api/v1/entries/:slug', async (request, reply) => {
    const { slug } = parse(EntryParams, request.params, 'path');
    const { version } = parse(VersionQuery, request.query, 'query parameters');
    return answers.send(request, reply, key('entry', slug, version), async () => {
      const entry = await kb.entry(slug, version ?? null);
      if (!entry) throw new NotFoundError(`No entry "${slug}"${version ? ` in version ${version}` : ''}.`, { slug, ...(version ? { version } : {}) });
      const versions = (await kb.versionsOfKeys([entry.key])).get(entry.key) ?? [entry.version];
      return entryJson(entry, versions, await diagnose.rulesFor(null));
    });
  });

  app.get('/api/v1/entries/:slug/history', async (request, reply) => {
    const { slug } = parse(EntryParams, request.params, 'path');
    return answers.send(request, reply, key('history', slug), async () => {
      const history = await kb.history(slug);
      if (!history) throw new NotFoundError(`No entry "${slug}".`, { slug });
      return {
        key: history.key,
        versions: history.items.map((i) => ({ version: i.version, title: i.title, slug: i.slug, url: i.url, changed: i.changed })),
      };
    });
  });

  app.get('/api/v1/entries/:slug/compare', async (request, reply) => {
    const { slug } = parse(EntryParams, request.params, 'path');
    const q = parse(CompareQuery, request.query, 'query parameters');
    return answers.send(request, reply, key('compare', slug, q.from, q.to), async () => {
      const c = await kb.compare(slug, q.from, q.to);
      if (!c) throw new NotFoundError(`No entry "${slug}".`, { slug });
      return {
        key: c.key,
        from: { version: c.from.version, title: c.from.title, slug: c.from.slug, url: c.from.url },
        to: { version: c.to.version, title: c.to.title, slug: c.to.slug, url: c.to.url },
        ...c.diff,
      };
    });
  });

  app.get('/api/v1/rules', async (request) => {
    const { version } = parse(VersionQuery, request.query, 'query parameters');
    return { rules: (await diagnose.rulesFor(version ?? null)).map(ruleJson) };
  });

  app.post('/api/v1/diagnose', async (request: FastifyRequest) => {
    const q = parse(DiagnoseQuery, request.query, 'query parameters');
    const body: z.infer<typeof DiagnoseJson> =
      typeof request.body === 'string' ? { manifests: request.body } : parse(DiagnoseJson, request.body ?? {}, 'JSON body');
    const result = await diagnose.diagnose({
      manifests: body.manifests,
      version: body.version ?? q.version ?? null,
      previous: body.previous ?? null,
      ignore: body.ignore ?? (q.ignore ? q.ignore.split(',').map((s) => s.trim()).filter(Boolean) : null),
      minSeverity: body.minSeverity ?? q.minSeverity ?? null,
    });
    return diagnosisJson(result);
  });
}
