// Readers for untrusted parsed YAML beyond the engine's shared ones (access.ts): numeric ports,
// indexed list entries for finding paths, and message helpers.
import { asArray, asRecord, type Json } from '../access.ts';

export { asArray, asLabels, asRecord, asString, dig } from '../access.ts';
export { refOf } from '../istio.ts';

/** Numbers, and numeric strings (YAML authors quote ports), as integers. */
export function asInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,6}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export function has(value: unknown, key: string): boolean {
  const record = asRecord(value);
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key);
}

/** Entries of a list that are maps, keeping their original index for finding paths. */
export function indexedRecords(value: unknown): { item: Json; index: number }[] {
  const out: { item: Json; index: number }[] = [];
  asArray(value).forEach((entry, index) => {
    const item = asRecord(entry);
    if (item) out.push({ item, index });
  });
  return out;
}

export function stringList(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** Joins a list for a message, eliding the tail so one finding stays readable. */
export function listForMessage(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
