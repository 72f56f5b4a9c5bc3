import { searchJson } from '../../rest/serialize.ts';
import { withLookupContext } from '../context.ts';
import { integerOption, outputFormat, print } from '../usage.ts';

/** One line per hit field: a snippet cut from code keeps its newlines, which would break the layout. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/<\/?mark>/g, '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

export async function run(words: string[], opts: { version?: string; limit: string; json?: boolean; format?: string }): Promise<void> {
  const format = outputFormat(opts, ['text', 'json']);
  const limit = integerOption(opts.limit, '--limit', 0, 1000);
  await withLookupContext(async (ctx) => {
    await ctx.seedIfEmpty();
    const query = words.join(' ');
    const page = await ctx.kb.search({ query, version: opts.version ?? null, first: limit });
    if (format === 'json') return print(JSON.stringify(searchJson(page), null, 2));
    // The correction changes what was searched: say so before the hits, as the API's didYouMean does.
    if (page.didYouMean) print(`Showing results for "${page.didYouMean}" (searched instead of "${query}").\n`);
    if (page.items.length === 0) return print('No matching guideline.');
    const blocks = page.items.map(({ node: h }) => {
      const snippet = oneLine(h.highlights[0] ?? '');
      return `${oneLine(h.title)}  (v${h.version}, score ${h.score})\n  ${h.url}${snippet ? `\n  ${snippet}` : ''}`;
    });
    print(blocks.join('\n\n'));
  });
}
