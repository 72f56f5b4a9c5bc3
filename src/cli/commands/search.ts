import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'search',
  declare: (cmd) =>
    cmd
      .description('search the knowledge base')
      .argument('<query...>', 'words, an error line, ...')
      .option('--version <version>', 'restrict to one doc version')
      .option('--limit <n>', 'number of hits', '5')
      .option('--json', 'print JSON'),
  load: () => import('../run/search.ts'),
});
