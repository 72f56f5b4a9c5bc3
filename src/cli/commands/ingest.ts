import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'ingest',
  declare: (cmd) =>
    cmd
      .description('ingest guideline pages (files, folders, archive bundles or http(s) URLs) into the knowledge base')
      .argument('[source...]', 'files, folders (index.html pages, recursively), archive bundles (*.json.br) or URLs; default: INGEST_ON_START, else the shipped archive')
      .option('--from-file <file>', 'read more sources from a file, one per line (# starts a comment)')
      .option('--concurrency <n>', 'pages fetched at once for http(s) sources', '4')
      .option('--json', 'print the summary as JSON'),
  load: () => import('../run/ingest.ts'),
});
