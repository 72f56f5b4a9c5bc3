// The MCP server: four read-only tools, every guideline as a resource and a prompt for cited answers,
// over the same services as REST and GraphQL. `createMcpFactory` is called once per process; the
// factory it returns builds a fresh McpServer per HTTP request (stateless, so replicas need no
// shared state) or per stdio/SSE connection.
import { McpServer, ResourceNotFoundError, ResourceTemplate, type CallToolResult } from '@modelcontextprotocol/server';
import { isAppError } from '../errors.ts';
import { ANSWER_BYTES, ASKED_KEYS, FromSecondAsking } from '../support/lru.ts';
import type { Metrics } from '../observability/metrics.ts';
import { diagnosisJson, entryJson, searchJson, versionsJson } from '../rest/serialize.ts';
import type { DiagnoseRequest, DiagnoseService } from '../services/diagnose.ts';
import type { KnowledgeBase } from '../services/knowledge-base.ts';
import { entryNotFound } from '../services/not-found.ts';
import { GuidelineIndex } from './guideline-index.ts';
import {
  DiagnoseManifestsInput,
  DiagnoseManifestsOutput,
  GetGuidelineInput,
  GetGuidelineOutput,
  ListVersionsInput,
  ListVersionsOutput,
  SearchGuidelinesInput,
  SearchGuidelinesOutput,
  promptArgs,
} from './schemas.ts';
import { diagnosisText, guidelineText, searchText, versionsText } from './text.ts';

export const MCP_SERVER_NAME = 'istio-kb';
const SERVER_VERSION = '0.1.0';
const DEFAULT_SEARCH_LIMIT = 5;
const PROMPT_PASSAGES = 8;

/** The part of a pino/Fastify logger the server uses. */
export interface McpLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type McpTransportName = 'http' | 'sse' | 'stdio' | 'memory';

export interface McpDeps {
  readonly kb: KnowledgeBase;
  readonly diagnose: DiagnoseService;
  readonly metrics?: Metrics | undefined;
  /** Resolves once the knowledge base can answer (stdio seeds an empty one while the client connects). */
  readonly ready?: () => Promise<void>;
}

export interface McpCall {
  readonly transport: McpTransportName;
  readonly log: McpLogger;
}

const INSTRUCTIONS = `istio-kb answers Istio troubleshooting questions from Istio's own documentation, per doc version.
Use search_guidelines first (pass the user's Istio version when known), then get_guideline for the entry you rely on.
Answer only from what the tools return and cite each guideline's url#anchor and version. list_versions shows which
versions are indexed and when they were ingested. diagnose_manifests checks Kubernetes/Istio YAML and links each
finding to the guideline that explains it. Resources kb://guidelines/{version}/{key} hold every entry.`;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

function toolError(message: string, code: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }], _meta: { 'istio-kb.dev/code': code } };
}

/** What one process shares between its per-request servers; both are keyed by the database generation. */
interface Shared {
  readonly index: GuidelineIndex;
  readonly promptArgs: ReturnType<typeof promptArgs>;
  /**
   * Answers of the lookup tools, as REST caches its answers: agents repeat the same questions, a
   * chatbot mostly does not, so an answer is kept from its second asking; within the bytes REST keeps
   * (measured once, when kept: an answer's size varies from a line to a whole guideline).
   */
  readonly answers: FromSecondAsking<string, CallToolResult>;
}

/** One factory per process: the servers it builds share the guideline index and the answer cache. */
export function createMcpFactory(deps: McpDeps): (call: McpCall) => McpServer {
  const index = new GuidelineIndex(deps.kb);
  const answers = new FromSecondAsking<string, CallToolResult>({ kept: ANSWER_BYTES, cost: (key, result) => 2 * key.length + JSON.stringify(result).length, asked: ASKED_KEYS });
  const shared: Shared = { index, promptArgs: promptArgs(deps.kb.limits.maxQueryLength, () => index.versionNames()), answers };
  return (call) => buildServer(deps, shared, call);
}

function buildServer({ kb, diagnose, metrics, ready = async () => undefined }: McpDeps, { index, answers, promptArgs: argsSchema }: Shared, call: McpCall): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, title: 'Istio troubleshooting knowledge base', version: SERVER_VERSION },
    { instructions: INSTRUCTIONS },
  );

  /**
   * Logs (operation = tool name), metrics, and AppErrors as tool errors with the REST message.
   * `cached` tools answer from the answer cache until the next ingest (diagnose has its own cache);
   * tools that read the knowledge base wait for it to be ready (diagnose works without it).
   */
  const observed =
    <A>(tool: string, fn: (args: A) => Promise<CallToolResult>, options: { cached?: boolean; needsKb?: boolean } = {}) =>
    async (args: A): Promise<CallToolResult> => {
      const started = process.hrtime.bigint();
      let result: CallToolResult;
      try {
        if (options.needsKb !== false) await ready();
        const key = options.cached ? `${kb.generation()}\u0000${tool}\u0000${JSON.stringify(args)}` : null;
        const hit = key === null ? undefined : answers.get(key);
        result = hit ? { ...hit } : await fn(args);
        if (key !== null && !hit && !result.isError) answers.offer(key, result);
      } catch (error) {
        if (isAppError(error)) result = toolError(error.message, error.code);
        else {
          call.log.error({ err: error, operation: tool }, `mcp tool ${tool} failed`);
          result = toolError('An unexpected error occurred; it has been logged.', 'INTERNAL_SERVER_ERROR');
        }
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const outcome = result.isError ? 'error' : 'ok';
      const code = result.isError ? (result._meta?.['istio-kb.dev/code'] as string | undefined) : undefined;
      metrics?.mcpToolCalls.inc({ tool, transport: call.transport, outcome });
      metrics?.mcpToolDuration.observe({ tool }, seconds);
      if (tool === 'search_guidelines') metrics?.searches.inc({ surface: 'mcp', result: outcome });
      if (tool === 'diagnose_manifests') metrics?.diagnoses.inc({ surface: 'mcp', outcome });
      call.log.info({ operation: tool, mcp: { transport: call.transport, outcome, ...(code ? { code } : {}) }, ms: Math.round(seconds * 1000) }, `mcp tool ${tool}`);
      return result;
    };

  server.registerTool(
    'search_guidelines',
    {
      title: 'Search Istio troubleshooting guidelines',
      description:
        'Ranked guidelines and citable passages for a symptom, question or pasted error line, with title, Istio doc version, url#anchor and key. Pass the Istio version the user runs when known.',
      inputSchema: SearchGuidelinesInput,
      outputSchema: SearchGuidelinesOutput,
      annotations: READ_ONLY,
    },
    observed('search_guidelines', async ({ query, version, limit }) => {
      const resolved = (await kb.resolveVersion(version)) ?? null;
      const first = limit ?? Math.min(DEFAULT_SEARCH_LIMIT, kb.limits.maxPageSize);
      const page = await kb.searchWithPassages({ query, version: resolved, first });
      const answer = { query, version: resolved, ...searchJson(page), passages: page.passages };
      return { content: [{ type: 'text', text: searchText(answer) }], structuredContent: answer };
    }, { cached: true }),
  );

  server.registerTool(
    'get_guideline',
    {
      title: 'Get one guideline',
      description:
        'One guideline (by slug or stable key) in one Istio doc version: symptoms, causes, fixes, error messages, commands, YAML snippets, its url#anchor, and every version that has it.',
      inputSchema: GetGuidelineInput,
      outputSchema: GetGuidelineOutput,
      annotations: READ_ONLY,
    },
    observed('get_guideline', async ({ slug, version }) => {
      const entry = (await kb.entry(slug, version ?? null)) ?? throwNotFound(slug, version);
      const versions = (await kb.versionsOfKeys([entry.key])).get(entry.key) ?? [entry.version];
      const answer = entryJson(entry, versions, await diagnose.rulesFor(null));
      return { content: [{ type: 'text', text: guidelineText(answer) }], structuredContent: answer };
    }, { cached: true }),
  );

  server.registerTool(
    'list_versions',
    {
      title: 'List indexed Istio doc versions',
      description: 'The Istio doc versions in the knowledge base, newest first, with their number of guidelines and when they were ingested.',
      inputSchema: ListVersionsInput,
      outputSchema: ListVersionsOutput,
      annotations: READ_ONLY,
    },
    observed('list_versions', async () => {
      const answer = versionsJson(await kb.versions());
      return { content: [{ type: 'text', text: versionsText(answer) }], structuredContent: answer };
    }, { cached: true }),
  );

  server.registerTool(
    'diagnose_manifests',
    {
      title: 'Diagnose Kubernetes/Istio manifests',
      description:
        'Checks multi-document YAML (VirtualService, DestinationRule, Gateway, Service, Deployment, ...) for the problems the Istio guidelines warn about; each finding has its line, a fix and the guideline (url#anchor) that explains it. `version` selects the Istio semantics; `previous` (the manifests applied now) checks the order of a change.',
      inputSchema: DiagnoseManifestsInput,
      outputSchema: DiagnoseManifestsOutput,
      annotations: READ_ONLY,
    },
    observed('diagnose_manifests', async (input) => {
      const request: DiagnoseRequest = {
        manifests: input.manifests,
        version: input.version ?? null,
        previous: input.previous ?? null,
        complete: input.complete ?? null,
        context: input.context ?? null,
        ignore: input.ignore ?? null,
        minSeverity: input.minSeverity ?? null,
        namespace: input.namespace ?? null,
      };
      const answer = diagnosisJson(await diagnose.diagnose(request));
      if (answer.resourceCount === 0 && answer.parseErrors.length > 0) {
        // Nothing could be read: an empty "no findings" would be a silent failure.
        return toolError(answer.parseErrors.map((p) => `${p.source}${p.line ? ` line ${p.line}` : ''}: ${p.message}`).join('\n'), 'BAD_USER_INPUT');
      }
      return { content: [{ type: 'text', text: diagnosisText(answer) }], structuredContent: answer };
    }, { needsKb: false }),
  );

  server.registerResource(
    'guideline',
    new ResourceTemplate('kb://guidelines/{version}/{key}', {
      list: async () => ({
        resources: (await ready().then(() => index.newest())).map((g) => ({
          uri: guidelineUri(g.version, g.key),
          name: g.key,
          title: `${g.title} (Istio ${g.version})`,
          mimeType: 'text/markdown',
        })),
      }),
      complete: {
        version: async (value) => (await index.versionNames()).filter((v) => v.startsWith(value)),
        key: async (value, context) => index.completeKey(value, context?.arguments?.['version']),
      },
    }),
    {
      title: 'Istio troubleshooting guideline',
      description: 'One guideline in one Istio doc version (version may be "latest"), as text with its url#anchor.',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      await ready();
      const key = decodeURIComponent(String(variables['key']));
      const version = decodeURIComponent(String(variables['version']));
      try {
        const entry = (await kb.entry(key, version)) ?? throwNotFound(key, version);
        const versions = (await kb.versionsOfKeys([entry.key])).get(entry.key) ?? [entry.version];
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: guidelineText(entryJson(entry, versions, await diagnose.rulesFor(null))) }] };
      } catch (error) {
        if (isAppError(error)) throw new ResourceNotFoundError(uri.href, error.message);
        throw error;
      }
    },
  );

  server.registerPrompt(
    'answer_from_guidelines',
    {
      title: 'Answer an operator\'s Istio question from cited guidelines',
      description: 'Retrieves the best passages for the question (in the given Istio version) and asks for an answer that uses only them, citing url#anchor and version.',
      argsSchema,
    },
    async ({ question, version }) => {
      await ready();
      const resolved = (await kb.resolveVersion(version)) ?? null;
      const { passages } = await kb.passages({ query: question, version: resolved, first: PROMPT_PASSAGES });
      const cited = passages.map((p, i) => `[${i + 1}] ${p.title} (Istio ${p.version}) ${p.url}\n${p.kind.toLowerCase()}: ${p.text}`).join('\n\n');
      const scope = resolved ? `Istio ${resolved}` : 'the newest Istio version that covers it';
      const text = passages.length
        ? `Answer the operator's question for ${scope} using ONLY the passages below. Cite every statement with the passage's url#anchor and Istio version, e.g. "(Istio 1.4, https://…#anchor)". If the passages do not answer the question, say so and suggest what to search for; do not add facts from elsewhere.\n\nQuestion: ${question}\n\nPassages:\n${cited}`
        : `No guideline in the knowledge base matches this question for ${scope}. Tell the operator that istio-kb has no cited answer, and do not answer from memory.\n\nQuestion: ${question}`;
      return { description: `Cited answer for ${scope}`, messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );

  return server;
}

/** The error REST and GraphQL give for an absent entry. */
function throwNotFound(slug: string, version: string | null | undefined): never {
  throw entryNotFound(slug, version);
}

export function guidelineUri(version: string, key: string): string {
  return `kb://guidelines/${encodeURIComponent(version)}/${encodeURIComponent(key)}`;
}
