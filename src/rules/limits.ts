// Caps that keep one diagnose run bounded: untrusted YAML must never exhaust memory or the stack.

export interface DiagnoseLimits {
  /** Total UTF-8 bytes over all inputs of one run (manifests and previous together). */
  readonly maxInputBytes: number;
  /** Kubernetes objects after `kind: List` is unwrapped, per run. */
  readonly maxResources: number;
  /** Alias expansions per document; a "billion laughs" document fails fast as a parse error. */
  readonly maxAliasCount: number;
  /** Nesting of maps and sequences per document; deeper documents become a parse error. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: DiagnoseLimits = {
  maxInputBytes: 2 * 1024 * 1024,
  maxResources: 20_000,
  maxAliasCount: 100,
  maxDepth: 64,
};

export function resolveLimits(overrides?: Partial<DiagnoseLimits>): DiagnoseLimits {
  if (!overrides) return DEFAULT_LIMITS;
  const merged = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DiagnoseLimits)[]) {
    const value = overrides[key];
    // Ignore nonsense instead of disabling a limit by accident.
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) merged[key] = Math.floor(value);
  }
  return merged;
}
