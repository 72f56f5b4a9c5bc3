import type { DiagnoseService } from '../services/diagnose.ts';
import type { KnowledgeBase } from '../services/knowledge-base.ts';
import { BatchLoader } from './loader.ts';
import { Rankings } from './rankings.ts';

/** What an operation adds to its HTTP request's one log line (src/server.ts). */
export interface RequestLogFields {
  graphql?: { operationName: string; type: string; fields: string[]; errors: unknown[]; ms: number };
}

export interface GraphQLContext {
  /** The request's log line, when the operation came over HTTP: the operation is logged in it. */
  readonly requestLog: RequestLogFields | null;
  readonly kb: KnowledgeBase;
  readonly diagnose: DiagnoseService;
  /** Version names per entry key, batched per request. */
  readonly versionsOfKey: BatchLoader<string, string[]>;
  /** The operation's searches and passages: a question asked by both fields is ranked once. */
  readonly rankings: Rankings;
}

export function createGraphQLContext(kb: KnowledgeBase, diagnose: DiagnoseService, requestLog: RequestLogFields | null = null): GraphQLContext {
  return { requestLog, kb, diagnose, versionsOfKey: new BatchLoader((keys) => kb.versionsOfKeys(keys)), rankings: new Rankings(kb) };
}
