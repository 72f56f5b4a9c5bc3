import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'entry',
  declare: (cmd) =>
    cmd
      .description('show one guideline by slug or key')
      .argument('<slug>', 'heading id or stable key')
      .option('--version <version>', 'doc version (default: newest that has it)')
      .option('-f, --format <format>', 'output format: text or json (default: text)')
      .option('--json', 'print JSON (same as --format json)'),
  load: () => import('../run/entry.ts'),
});
