import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/shared.ts';
import { parsePage } from '../../ingest/parse-page.ts';
import type { ParsedEntry, ParsedPage } from '../../ingest/types.ts';

export const FIXTURE_DIR = path.join(REPO_ROOT, 'test/fixtures/html');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
}

export function parseFixture(name: string): ParsedPage {
  return parsePage(fixture(name), path.join(FIXTURE_DIR, name));
}

export function entry(page: ParsedPage, slug: string): ParsedEntry {
  const found = page.entries.find((e) => e.slug === slug);
  if (!found) throw new Error(`no entry ${slug} in ${page.entries.map((e) => e.slug).join(', ')}`);
  return found;
}
