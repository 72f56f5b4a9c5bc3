// PARSER_VERSION is part of every source's raw hash, and an ingest skips a source whose raw hash it
// stored before. A parser change that alters what pages yield under the same PARSER_VERSION therefore
// never reaches a knowledge base ingested before it: its pages are all "unchanged". This pins what
// the shipped archive's pages yield to the PARSER_VERSION that yields it.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { readBundle } from '../../ingest/bundle.ts';
import { parsePage } from '../../ingest/parse-page.ts';
import { PARSER_VERSION } from '../../ingest/pipeline.ts';
import { SHIPPED_ARCHIVE } from '../support/archive.ts';

/** sha256 of what the shipped archive's 207 pages yield, per PARSER_VERSION (one line per version). */
const YIELDS: Readonly<Record<string, string>> = {
  'parser-7': '690c411f3cb0fb70d2d43aaa7a2785f7e2e8a6b08f72000396d94ab2510754ea',
};

it('a change to what pages yield comes with a new PARSER_VERSION', () => {
  const hash = createHash('sha256');
  for (const page of readBundle(SHIPPED_ARCHIVE).pages) hash.update(JSON.stringify(parsePage(page.html, page.path))).update('\n');
  const yielded = hash.digest('hex');
  expect(
    yielded,
    `the shipped archive's pages yield ${yielded} under PARSER_VERSION ${PARSER_VERSION}: if the parser changed what pages yield, ` +
      `bump PARSER_VERSION in ingest/parser-version.ts (so that existing knowledge bases parse every page again) and add the new version's line here`,
  ).toBe(YIELDS[PARSER_VERSION]);
});
