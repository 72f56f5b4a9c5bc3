import { withContext } from '../context.ts';
import { print } from '../usage.ts';

export async function run(slug: string, opts: { version?: string; json?: boolean }): Promise<void> {
  await withContext(async (ctx) => {
    await ctx.seedIfEmpty();
    const e = await ctx.kb.entry(slug, opts.version ?? null);
    if (!e) {
      process.stderr.write(`No entry "${slug}"${opts.version ? ` in version ${opts.version}` : ''}.\n`);
      process.exitCode = 2;
      return;
    }
    if (opts.json) return print(JSON.stringify(e, null, 2));
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
