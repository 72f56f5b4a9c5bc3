import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'serve',
  declare: (cmd) => cmd.description('serve GraphQL and REST (same as npm start)'),
  load: () => import('../run/serve.ts'),
});
