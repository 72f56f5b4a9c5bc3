// Doc version names as users type them: "1.4", "v1.4", "1.0.6" (a patch resolves to its minor),
// "latest". Resolution against the knowledge base lives in KnowledgeBase.resolveVersion.
import { BadUserInputError } from '../errors.ts';

export type VersionInput = { kind: 'latest' } | { kind: 'exact'; name: string; major: number; minor: number };

const VERSION_RE = /^v?(\d{1,3})\.(\d{1,3})(?:\.(\d{1,4}))?(?:[-+][\w.-]*)?$/i;

export function parseVersionInput(raw: string): VersionInput {
  const text = raw.trim();
  if (/^(latest|newest|current)$/i.test(text)) return { kind: 'latest' };
  const m = VERSION_RE.exec(text);
  if (!m) {
    throw new BadUserInputError(`"${raw.slice(0, 40)}" is not a doc version; use a version such as 1.0, 1.4.6 or latest.`, {
      version: raw.slice(0, 40),
    });
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return { kind: 'exact', name: `${major}.${minor}`, major, minor };
}
