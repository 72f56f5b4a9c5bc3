import type { DiagnoseService } from '../services/diagnose.ts';
import type { KnowledgeBase } from '../services/knowledge-base.ts';
import { BatchLoader } from './loader.ts';

export interface GraphQLContext {
  readonly kb: KnowledgeBase;
  readonly diagnose: DiagnoseService;
  /** Version names per entry key, batched per request. */
  readonly versionsOfKey: BatchLoader<string, string[]>;
}

export function createGraphQLContext(kb: KnowledgeBase, diagnose: DiagnoseService): GraphQLContext {
  return { kb, diagnose, versionsOfKey: new BatchLoader((keys) => kb.versionsOfKeys(keys)) };
}
