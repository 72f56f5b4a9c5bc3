// How a subcommand is declared. The declaration (arguments, options, help text) is read on every
// invocation, so it imports nothing but commander; the implementation is a separate module that is
// imported only when its command runs. That keeps `--help` and `diagnose` free of the HTTP,
// GraphQL and Prisma stacks that `serve` and `ingest` need.
import type { Command } from 'commander';

/** The implementation of a subcommand: `run` receives commander's action arguments (positionals, options, command). */
export interface CommandModule {
  run(...args: unknown[]): Promise<void> | void;
}

export interface CliCommand {
  readonly name: string;
  /** Declares description, arguments and options on the subcommand commander created. Keep it free of heavy imports. */
  declare(command: Command): void;
  /** Imports the implementation, e.g. `() => import('../run/diagnose.ts')`; called only when this command runs. */
  load(): Promise<CommandModule>;
}

export function defineCommand(command: CliCommand): CliCommand {
  return command;
}
