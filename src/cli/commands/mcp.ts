import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'mcp',
  declare: (cmd) =>
    cmd.description(
      'serve the knowledge base to a local AI agent over MCP on stdio (logs go to stderr)',
    ),
  load: () => import('../run/mcp.ts'),
});
