// Small pieces every command shares; nothing here may import more than node built-ins.

/** A mistake in how the CLI was called: printed as `istio-kb: <message>`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The CLI's own version (also SARIF's tool version). */
export const CLI_VERSION = '0.1.0';

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A positive integer option such as `--limit 5`; `what` names it in the error. */
export function integerOption(value: string, what: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${what} must be an integer from ${min} to ${max}`);
  return n;
}

/** `--max-bytes 64M`: bytes, optionally with a K, M or G suffix (powers of 1024). */
export function byteSizeOption(value: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(value.trim());
  const unit = m?.[2]?.[0]?.toLowerCase();
  const n = m ? Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1) : NaN;
  if (!Number.isFinite(n) || n < 1) throw new UsageError(`${what} must be a size in bytes, e.g. 67108864 or 64M (got ${JSON.stringify(value)})`);
  return Math.floor(n);
}

/**
 * One output option for every subcommand: `--format <f>` and its shorthand `--json`. Both given
 * and disagreeing is a mistake, not a silent pick.
 */
export function outputFormat(opts: { format?: string; json?: boolean }, allowed: readonly string[]): string {
  const format = opts.format?.toLowerCase();
  if (format !== undefined && !allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got ${JSON.stringify(opts.format)})`);
  if (opts.json && format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} contradict each other; give one`);
  return opts.json ? 'json' : (format ?? 'text');
}

const SEVERITIES = ['ERROR', 'WARNING', 'INFO'] as const;

/** `--min-severity error`: case-insensitive, as people type it. */
export function severityOption(value: string): (typeof SEVERITIES)[number] {
  const upper = value.trim().toUpperCase();
  const found = SEVERITIES.find((s) => s === upper);
  if (!found) throw new UsageError(`--min-severity must be one of error, warning, info (any case); got ${JSON.stringify(value)}`);
  return found;
}
