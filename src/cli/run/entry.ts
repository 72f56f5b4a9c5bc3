import { entryJson } from '../../rest/serialize.ts';
import { rules } from '../../rules/registry.ts';
import { entryNotFound } from '../../services/not-found.ts';
import { withLookupContext } from '../context.ts';
import { outputFormat, print } from '../usage.ts';

export async function run(slug: string, opts: { version?: string; json?: boolean; format?: string }): Promise<void> {
  const format = outputFormat(opts, ['text', 'json']);
  await withLookupContext(async (ctx) => {
    await ctx.seedIfEmpty();
    const e = await ctx.kb.entry(slug, opts.version ?? null);
    if (!e) throw entryNotFound(slug, opts.version);
    if (format === 'json') {
      // The REST answer's shape (GET /api/v1/entries/{slug}), not the storage record.
      const versions = (await ctx.kb.versionsOfKeys([e.key])).get(e.key) ?? [e.version];
      return print(JSON.stringify(entryJson(e, versions, rules), null, 2));
    }
    const section = (name: string, items: readonly string[]) => (items.length ? `\n${name}:\n${items.map((i) => `  - ${i}`).join('\n')}` : '');
    print(
      `${e.title}  (v${e.version}, key ${e.key})\n${e.url}` +
        section('Symptoms', e.symptoms) +
        section('Causes', e.causes) +
        section('Fixes', e.fixes) +
        section('Error messages', e.errorMessages),
    );
  });
}
