// "Nothing by that name" as one error, worded the same on every transport: a REST 404 problem, a
// GraphQL error with extensions.code NOT_FOUND (next to a null field), a CLI message with exit 2.
import { NotFoundError } from '../errors.ts';

export function entryNotFound(slug: string, version?: string | null): NotFoundError {
  return new NotFoundError(`No entry "${slug}"${version ? ` in version ${version}` : ''}.`, { slug, ...(version ? { version } : {}) });
}

export function ruleNotFound(id: string, known: readonly string[]): NotFoundError {
  return new NotFoundError(`No rule "${id}". Known rule ids: ${known.join(', ')}.`, { id, knownRuleIds: known });
}
