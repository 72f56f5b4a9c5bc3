// placeholder, replaced below
import type { Prisma } from '../../generated/prisma/client.ts';
import type { PgPool } from '../../db/postgres/pool.ts';
import type { SearchParams } from '../types.ts';
import type { RankedPage, SearchRepository } from '../search.ts';
import type { PgGeneration } from './generation.ts';
export async function refreshVocabulary(_tx: Prisma.TransactionClient): Promise<void> {}
export class PgSearchRepository implements SearchRepository {
  constructor(private readonly pool: PgPool, private readonly generation: PgGeneration) {}
  async search(_params: SearchParams): Promise<RankedPage> { throw new Error('todo'); }
}
