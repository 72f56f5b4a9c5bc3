// Arrays are stored as JSON text (see prisma/schema.prisma); this is the one place that reads them back.
import { z } from 'zod';

const StringArray = z.array(z.string());

export function parseStringArray(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const parsed = StringArray.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function toJson(value: readonly string[]): string {
  return JSON.stringify(value);
}
