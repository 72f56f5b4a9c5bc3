// Which parser yielded a knowledge base's entries. Kept apart from the pipeline, which loads cheerio:
// a starting server reads it to decide whether its stored pages need parsing again.

/**
 * Part of every raw hash and recorded with every ingest run: bump it when a parser change alters what
 * pages yield, so that the next ingest parses every source again instead of skipping files whose bytes
 * did not change, and a starting server parses its start-up sources again (src/services/ingest.ts).
 */
export const PARSER_VERSION = 'parser-7';

/** The revision number of a parser version ('parser-7' -> 7); undefined for anything else. */
export function parserRevision(version: string): number | undefined {
  const match = /^parser-(\d+)$/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/**
 * How the parser that yielded stored pages stands to this build's: `older` too when it is unknown
 * (runs recorded before parser versions were), so those pages are parsed again: an ingest skips a
 * page whose bytes and parser it has seen, which makes that cheap when nothing changed.
 */
export function comparedToCurrent(stored: string | undefined, current: string = PARSER_VERSION): 'same' | 'older' | 'newer' {
  if (stored === current) return 'same';
  const was = stored === undefined ? undefined : parserRevision(stored);
  const now = parserRevision(current);
  if (was === undefined || now === undefined) return stored === undefined ? 'older' : 'newer';
  return was < now ? 'older' : was > now ? 'newer' : 'same';
}
