// Apollo plugin: the operation name (and type) in the request's log line and in the metrics.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestLogFields } from './context.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';

const COUNTED_FIELDS: Record<string, 'search' | 'diagnose'> = { search: 'search', passages: 'search', diagnose: 'diagnose' };

export function observePlugin<T extends BaseContext & { readonly requestLog?: RequestLogFields | null }>(metrics: Metrics, log: FastifyBaseLogger): ApolloServerPlugin<T> {
  return {
    async requestDidStart(start) {
      const started = process.hrtime.bigint();
      let operation = start.request.operationName ?? 'anonymous';
      let type = 'unknown';
      const rootFields: string[] = [];
      return {
        async didResolveOperation(ctx) {
          operation = ctx.operationName ?? operation;
          type = ctx.operation?.operation ?? type;
          for (const sel of ctx.operation?.selectionSet.selections ?? []) if (sel.kind === 'Field') rootFields.push(sel.name.value);
        },
        async willSendResponse(ctx) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const errors = ctx.response.body.kind === 'single' ? (ctx.response.body.singleResult.errors ?? []) : [];
          const outcome = errors.length === 0 ? 'ok' : 'error';
          metrics.graphqlOperations.inc({ operation, type, outcome });
          metrics.graphqlDuration.observe({ operation }, seconds);
          for (const field of rootFields) {
            if (COUNTED_FIELDS[field] === 'search') metrics.searches.inc({ surface: 'graphql', result: outcome });
            if (COUNTED_FIELDS[field] === 'diagnose') metrics.diagnoses.inc({ surface: 'graphql', outcome });
          }
          const graphql = { operationName: operation, type, fields: rootFields, errors: errors.map((e) => e.extensions?.['code']), ms: Math.round(seconds * 1000) };
          // Over HTTP, in the request's own line (one line per request: a second line cost about 20 µs of CPU per
          // GraphQL request at LOG_LEVEL=info); otherwise (an operation run in-process) a line of its own.
          const line = ctx.contextValue.requestLog;
          if (line) line.graphql = graphql;
          else log.info({ graphql }, `graphql ${type} ${operation}`);
        },
      };
    },
  };
}
