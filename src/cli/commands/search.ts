import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'search',
  declare: (cmd) =>
    cmd
      .description('search the knowledge base')
      .argument('<query...>', 'words, an error line, ...')
      .option('--version <version>', 'restrict to one doc version')
      .option('--limit <n>', 'number of hits', '5')
      .option('-f, --format <format>', 'output format: text or json (default: text)')
      .option('--json', 'print JSON (same as --format json)'),
  load: () => import('../run/search.ts'),
});
