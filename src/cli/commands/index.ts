// Every subcommand, in the order `--help` lists them. To add one: a declaration in
// ./<name>.ts (defineCommand: arguments, options, `load: () => import('../run/<name>.ts')`),
// its implementation in ../run/<name>.ts (export `run`), and one line here.
import type { CliCommand } from '../command.ts';
import diagnose from './diagnose.ts';
import entry from './entry.ts';
import ingest from './ingest.ts';
import mcp from './mcp.ts';
import search from './search.ts';
import serve from './serve.ts';

export const commands: readonly CliCommand[] = [serve, ingest, diagnose, search, entry, mcp];
