import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'entry',
  declare: (cmd) =>
    cmd
      .description('show one guideline by slug or key')
      .argument('<slug>', 'heading id or stable key')
      .option('--version <version>', 'doc version (default: newest that has it)')
      .option('--json', 'print JSON'),
  load: () => import('../run/entry.ts'),
});
