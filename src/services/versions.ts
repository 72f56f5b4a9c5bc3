// Doc version names as users type them: "1.4", "v1.4", "1.0.6" (a patch resolves to its minor),
// "latest". Resolution against the knowledge base lives in KnowledgeBase.resolveVersion.
import { BadUserInputError } from '../errors.ts';
import { parseVersion } from '../rules/version.ts';

export type VersionInput = { kind: 'latest' } | { kind: 'exact'; name: string; major: number; minor: number };

export function parseVersionInput(raw: string): VersionInput {
  const text = raw.trim();
  if (/^(latest|newest|current)$/i.test(text)) return { kind: 'latest' };
  try {
    const { major, minor, name } = parseVersion(text);
    return { kind: 'exact', name, major, minor };
  } catch {
    throw new BadUserInputError(`"${raw.slice(0, 40)}" is not a doc version; use a version such as 1.0, 1.4.6 or latest.`, {
      version: raw.slice(0, 40),
    });
  }
}
