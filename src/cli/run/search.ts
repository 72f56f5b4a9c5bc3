import { withContext } from '../context.ts';
import { integerOption, print } from '../usage.ts';

export async function run(words: string[], opts: { version?: string; limit: string; json?: boolean }): Promise<void> {
  const limit = integerOption(opts.limit, '--limit', 0, 1000);
  await withContext(async (ctx) => {
    await ctx.seedIfEmpty();
    const page = await ctx.kb.search({ query: words.join(' '), version: opts.version ?? null, first: limit });
    if (opts.json) return print(JSON.stringify({ total: page.totalCount, hits: page.items.map((i) => i.node) }, null, 2));
    if (page.items.length === 0) return print('No matching guideline.');
    for (const { node: h } of page.items) {
      print(`${h.title}  (v${h.version}, score ${h.score})\n  ${h.url}\n  ${(h.highlights[0] ?? '').replace(/<\/?mark>/g, '')}\n`);
    }
  });
}
