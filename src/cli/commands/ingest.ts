import { defineCommand } from '../command.ts';

export default defineCommand({
  name: 'ingest',
  declare: (cmd) =>
    cmd
      .description('ingest guideline pages (files, folders, archive bundles or http(s) URLs) into the knowledge base')
      .argument('[source...]', 'files, folders (index.html pages, recursively), archive bundles (*.json.br) or URLs; default: INGEST_ON_START, else the shipped archive')
      .option('--from-file <file>', 'read more sources from a file, one per line (# starts a comment)')
      .option('--concurrency <n>', 'pages fetched at once for http(s) sources', '4')
      .option('--allow-partial', 'exit 0 although some sources failed (the others are ingested either way)')
      .option('-f, --format <format>', 'output format: text or json (default: text)')
      .option('--json', 'print the summary as JSON (same as --format json)'),
  load: () => import('../run/ingest.ts'),
});
