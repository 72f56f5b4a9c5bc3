// The REST API (/api/v1). Requests are validated by Fastify with the zod schemas of schemas.ts (the
// same schemas generate the OpenAPI document); every error leaves as an RFC 9457 problem document
// via the server's error handler, which maps validation failures to BAD_USER_INPUT.
import type { FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { BadUserInputError } from '../errors.ts';
import { entryNotFound } from '../services/not-found.ts';
import type { DiagnoseService } from '../services/diagnose.ts';
import type { KnowledgeBase } from '../services/knowledge-base.ts';
import { AnswerCache, answerKey as key } from './cache.ts';
import {
  CompareAnswer,
  CompareQuery,
  DiagnoseAnswer,
  DiagnoseBody,
  type DiagnoseJson,
  DiagnoseQuery,
  EntriesAnswer,
  EntriesQuery,
  Entry,
  EntryParams,
  HistoryAnswer,
  PassagesAnswer,
  PassagesQuery,
  RulesAnswer,
  SearchAnswer,
  SearchQuery,
  VersionQuery,
  VersionsAnswer,
  YAML_TYPES,
  responses,
  withSarif,
} from './schemas.ts';
import { diagnosisJson, diagnosisSarif, entryJson, ruleJson, SARIF_TYPE, searchJson, versionsJson, wantsSarif } from './serialize.ts';

// Response schemas document the answers; they do not re-encode them: cached answers are already JSON
// strings (Fastify sends strings as they are), and validating every answer on the way out would turn
// a documentation slip into a 500 for the caller.
const stringify = () => (data: unknown) => JSON.stringify(data);

export async function registerRest(app: FastifyInstance, kb: KnowledgeBase, diagnose: DiagnoseService): Promise<void> {
  app.addContentTypeParser([...YAML_TYPES], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Encapsulated so the zod compilers apply to these routes only (GraphQL, docs and probes keep Fastify's).
  await app.register(async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(stringify);
    routes(scope, kb, diagnose);
  });
}

function routes(api: FastifyInstance, kb: KnowledgeBase, diagnose: DiagnoseService): void {
  const typed = api.withTypeProvider<ZodTypeProvider>();
  const answers = new AnswerCache(() => kb.generation());

  typed.get(
    '/api/v1/versions',
    { schema: { tags: ['knowledge base'], summary: 'Ingested doc versions, newest first', response: responses(VersionsAnswer, 'The versions.', { cached: true }) } },
    (request, reply) => answers.send(request, reply, key('versions'), async () => versionsJson(await kb.versions())),
  );

  const searchAnswer = async (q: z.infer<typeof SearchQuery>) =>
    searchJson(await kb.search({ query: q.q, version: q.version ?? null, first: q.limit ?? 10, after: q.cursor ?? null }));

  typed.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['knowledge base'],
        summary: 'Search the troubleshooting guidelines',
        description: 'Full-text search over titles, error messages, symptoms, causes and fixes; each guideline once, in its newest matching version unless `version` is given.',
        querystring: SearchQuery,
        response: responses(SearchAnswer, 'Ranked hits.', { cached: true }),
      },
    },
    (request, reply) => {
      const q = request.query;
      return answers.send(request, reply, key('search', q.q, q.version, q.limit, q.cursor), () => searchAnswer(q));
    },
  );

  typed.get(
    '/api/v1/passages',
    {
      schema: {
        tags: ['knowledge base'],
        summary: 'The best passages (symptom, cause, fix, ...) for a question',
        description: 'For retrieval-augmented answers: short chunks of the best guidelines, each with its URL.',
        querystring: PassagesQuery,
        response: responses(PassagesAnswer, 'Ranked passages.', { cached: true }),
      },
    },
    (request, reply) => {
      const q = request.query;
      return answers.send(request, reply, key('passages', q.q, q.version, q.limit), () =>
        kb.passages({ query: q.q, version: q.version ?? null, first: q.limit ?? 5 }),
      );
    },
  );

  typed.get(
    '/api/v1/entries',
    { schema: { tags: ['knowledge base'], summary: 'Page through the guidelines of a version', querystring: EntriesQuery, response: responses(EntriesAnswer, 'One page of entries.') } },
    async (request) => {
      const q = request.query;
      const page = await kb.entries(q.version ?? null, q.limit ?? 50, q.cursor ?? null);
      const versions = await kb.versionsOfKeys(page.items.map((i) => i.node.key));
      const rules = await diagnose.rulesFor(null);
      return {
        total: page.totalCount,
        entries: page.items.map(({ node }) => entryJson(node, versions.get(node.key) ?? [node.version], rules)),
        nextCursor: page.hasNextPage ? page.endCursor : null,
      };
    },
  );

  typed.get(
    '/api/v1/entries/:slug',
    {
      schema: {
        tags: ['knowledge base'],
        summary: 'One guideline',
        params: EntryParams,
        querystring: VersionQuery,
        response: responses(Entry, 'The entry.', { cached: true, errors: [404] }),
      },
    },
    (request, reply) => {
      const { slug } = request.params;
      const { version } = request.query;
      return answers.send(request, reply, key('entry', slug, version), async () => {
        const entry = await kb.entry(slug, version ?? null);
        if (!entry) throw entryNotFound(slug, version);
        const versions = (await kb.versionsOfKeys([entry.key])).get(entry.key) ?? [entry.version];
        return entryJson(entry, versions, await diagnose.rulesFor(null));
      });
    },
  );

  typed.get(
    '/api/v1/entries/:slug/history',
    {
      schema: {
        tags: ['knowledge base'],
        summary: 'The guideline across doc versions',
        params: EntryParams,
        response: responses(HistoryAnswer, 'Versions that have the guideline, oldest first.', { cached: true, errors: [404] }),
      },
    },
    (request, reply) => {
      const { slug } = request.params;
      return answers.send(request, reply, key('history', slug), async () => {
        const history = await kb.history(slug);
        if (!history) throw entryNotFound(slug);
        return {
          key: history.key,
          versions: history.items.map((i) => ({ version: i.version, title: i.title, slug: i.slug, url: i.url, changed: i.changed })),
        };
      });
    },
  );

  typed.get(
    '/api/v1/entries/:slug/compare',
    {
      schema: {
        tags: ['knowledge base'],
        summary: 'What changed in the guideline between two versions',
        params: EntryParams,
        querystring: CompareQuery,
        response: responses(CompareAnswer, 'The differences.', { cached: true, errors: [404] }),
      },
    },
    (request, reply) => {
      const { slug } = request.params;
      const q = request.query;
      return answers.send(request, reply, key('compare', slug, q.from, q.to), async () => {
        const c = await kb.compare(slug, q.from, q.to);
        if (!c) throw entryNotFound(slug);
        return {
          key: c.key,
          from: { version: c.from.version, title: c.from.title, slug: c.from.slug, url: c.from.url },
          to: { version: c.to.version, title: c.to.title, slug: c.to.slug, url: c.to.url },
          ...c.diff,
        };
      });
    },
  );

  typed.get(
    '/api/v1/rules',
    { schema: { tags: ['diagnose'], summary: 'The diagnose rules that apply to a version', querystring: VersionQuery, response: responses(RulesAnswer, 'The rules.') } },
    async (request) => ({ rules: (await diagnose.rulesFor(request.query.version ?? null)).map(ruleJson) }),
  );

  typed.post(
    '/api/v1/diagnose',
    {
      schema: {
        tags: ['diagnose'],
        summary: 'Check Kubernetes/Istio manifests against the knowledge base',
        description:
          'Send the manifests as YAML (`application/yaml`, `text/yaml`, `text/plain`) with options in the query string, or as JSON with the options in the body (body options win over query ones). ' +
          'With `Accept: application/sarif+json` the answer is SARIF 2.1.0 (as `istio-kb diagnose --format sarif` prints), for code-scanning tools.',
        querystring: DiagnoseQuery,
        body: DiagnoseBody,
        response: withSarif(responses(DiagnoseAnswer, 'Findings linked to the guidelines that explain them.', { errors: [413, 415] })),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const body = diagnoseBody(request.body);
      const result = await diagnose.diagnose({
        manifests: body.manifests,
        version: body.version ?? q.version ?? null,
        previous: body.previous ?? null,
        complete: body.complete ?? (q.complete === undefined ? null : q.complete === 'true' || q.complete === '1'),
        context: body.context ?? null,
        ignore: body.ignore ?? (q.ignore ? q.ignore.split(',').map((s) => s.trim()).filter(Boolean) : null),
        minSeverity: body.minSeverity ?? q.minSeverity ?? null,
        namespace: body.namespace ?? q.namespace ?? null,
      });
      if (wantsSarif(request.headers.accept)) return reply.type(SARIF_TYPE).send(diagnosisSarif(result, await diagnose.rulesFor(null)));
      return diagnosisJson(result);
    },
  );
}

/** Fastify validated the body for its media type; a request without a body has none to validate. */
function diagnoseBody(body: unknown): z.infer<typeof DiagnoseJson> {
  if (typeof body === 'string') return { manifests: body };
  if (body !== null && typeof body === 'object' && typeof (body as { manifests?: unknown }).manifests === 'string') return body as z.infer<typeof DiagnoseJson>;
  throw new BadUserInputError('Invalid body: manifests: send the manifests as YAML (application/yaml) or as JSON {"manifests": "..."}.', {
    errors: [{ field: 'manifests', message: 'Required' }],
  });
}
