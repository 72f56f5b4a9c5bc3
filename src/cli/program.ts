// istio-kb command line: serve, ingest, diagnose, search, entry. Exit codes: 0 ok, 1 findings of
// severity ERROR (diagnose), 2 usage or input errors. Each subcommand's implementation is imported
// only when it runs (see ./command.ts), so `--help` and `diagnose` start fast.
import { Command, CommanderError } from 'commander';
import { isAppError } from '../errors.ts';
import type { CliCommand } from './command.ts';
import { commands } from './commands/index.ts';
import { CLI_VERSION, UsageError } from './usage.ts';

export function buildCli(list: readonly CliCommand[] = commands): Command {
  const program = new Command('istio-kb')
    .description('Istio troubleshooting guidelines as a knowledge base, and a checker for manifests.')
    .version(CLI_VERSION)
    // Subcommands have their own --version (the Istio version); the program's is only read before them.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  for (const spec of list) {
    const command = program.command(spec.name);
    spec.declare(command);
    command.action(async (...args: unknown[]) => {
      const module = await spec.load();
      await module.run(...args);
    });
  }
  return program;
}

/** Errors a user can act on: one line on stderr, exit code 2. Anything else also prints its stack. */
async function isExpected(error: unknown): Promise<boolean> {
  if (error instanceof UsageError || isAppError(error)) return true;
  // Only on this error path: importing these modules up front would load zod and SQLite for `--help`.
  const [{ ConfigError }, { DatabaseStartupError }] = await Promise.all([import('../config/index.ts'), import('../db/open-checked.ts')]);
  return error instanceof ConfigError || error instanceof DatabaseStartupError;
}

export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = (await isExpected(error))
      ? (error as Error).message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
    process.stderr.write(`istio-kb: ${message}\n`);
    process.exitCode = 2;
  }
}
