// Safe readers for untrusted parsed YAML: a rule never assumes a field has the type the schema says.
import type { Labels } from './types.ts';

export type Json = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `dig(obj, 'spec', 'template', 'metadata')`: undefined as soon as a step is not a map. */
export function dig(value: unknown, ...keys: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    const record = asRecord(current);
    if (!record) return undefined;
    current = record[key];
  }
  return current;
}

/** Label maps with non-string scalars stringified, as Kubernetes would store them. */
export function asLabels(value: unknown): Labels {
  const record = asRecord(value);
  if (!record) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(record)) {
    if (v !== null && v !== undefined && typeof v !== 'object') out[key] = String(v);
  }
  return out;
}

/** Whether every pair of `selector` is in `labels` (an empty selector selects everything). */
export function selectorMatches(selector: Labels, labels: Labels): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

export function isEmpty(labels: Labels): boolean {
  for (const _ in labels) return false;
  return true;
}
