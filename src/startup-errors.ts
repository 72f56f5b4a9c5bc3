// Why `npm start` / `istio-kb serve` could not start, as one line naming the cause and what to do,
// and a distinct exit code per kind of cause (sysexits.h), so an operator or a supervisor can tell
// "fix the configuration" from "the port is taken" from "restore the database" without a stack trace.
import { ConfigError } from './config/index.ts';
import { DatabaseStartupError } from './db/open-checked.ts';
import { isAppError } from './errors.ts';

export const EXIT = {
  /** EX_UNAVAILABLE: cannot listen (port in use, address not on this machine, permission). */
  listen: 69,
  /** EX_SOFTWARE: anything else, unexpected. */
  internal: 70,
  /** EX_IOERR: the database file cannot be used. */
  database: 74,
  /** EX_CONFIG: a setting is invalid or names something that is not there. */
  config: 78,
} as const;

export interface StartupFailure {
  readonly exitCode: number;
  readonly message: string;
}

export interface ListenTarget {
  readonly host: string;
  readonly port: number;
}

export function explainStartupFailure(error: unknown, target: ListenTarget | null): StartupFailure {
  if (error instanceof ConfigError) return { exitCode: EXIT.config, message: error.message };
  if (error instanceof DatabaseStartupError) return { exitCode: EXIT.database, message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  const where = target ? `${target.host}:${target.port}` : 'the configured address';
  if (code === 'EADDRINUSE') {
    return {
      exitCode: EXIT.listen,
      message: `Cannot listen on ${where}: the port is already in use (is istio-kb already running?). Stop the other process, or set PORT to a free port.`,
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return { exitCode: EXIT.listen, message: `Cannot listen on ${where}: permission denied. Use a PORT above 1023, or run with the right to bind low ports.` };
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { exitCode: EXIT.listen, message: `Cannot listen on ${where}: HOST is not an address of this machine. Set HOST to 127.0.0.1, 0.0.0.0 (all interfaces) or one of this machine's addresses.` };
  }
  // A source of INGEST_ON_START that is missing or unreadable is a setting to fix.
  if (isAppError(error) && (error.code === 'BAD_USER_INPUT' || error.code === 'PAYLOAD_TOO_LARGE')) {
    return { exitCode: EXIT.config, message: `INGEST_ON_START: ${error.message}` };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.internal, message: `Start-up failed: ${detail.split('\n')[0]} (LOG_LEVEL=debug prints the stack).` };
}
