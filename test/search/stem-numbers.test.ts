// The text boosts and highlights ask entries with stem numbers looked up once per question
// (src/search/stem-numbers.ts). A question's numbers must not go stale: an entry analysed after them
// may hold a word no text had when they were looked up.
import { describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../src/repositories/types.ts';
import { conceptsOf } from '../../src/search/passages.ts';
import { planSearch } from '../../src/search/plan.ts';
import { proximityConcepts, together } from '../../src/search/proximity.ts';
import { parseQuery } from '../../src/search/query.ts';
import { hitSnippet, phraseIn } from '../../src/search/snippet.ts';
import { stem } from '../../src/search/text.ts';

const entry = (title: string, paragraphs: string[]): EntryRecord =>
  ({ title, paragraphs, errorMessages: [], symptoms: [], causes: [], fixes: [], snippets: [] }) as unknown as EntryRecord;

describe('stem numbers of a question', () => {
  it('see the words of entries analysed after the question looked its words up', () => {
    // Words no other test text has, so they have no number until the second entry is analysed.
    const query = parseQuery('quorvex flinders ');
    const plan = planSearch(query);
    const proximity = plan ? proximityConcepts(plan) : [];
    const highlight = conceptsOf(query);
    const stems = query.allWords.map(stem);
    const first = entry('Nothing here', ['Unrelated text about sidecars.']);
    expect(together(first, proximity, [1, 1])).toBe(0);
    expect(hitSnippet(first, highlight)).toBeNull();
    expect(phraseIn(first, stems).anywhere).toBe(false);

    const second = entry('The quorvex flinders guide', ['A quorvex and its flinders, together.']);
    expect(together(second, proximity, [1, 1])).toBe(1);
    expect(hitSnippet(second, highlight)).toBe('A <mark>quorvex</mark> and its <mark>flinders</mark>, together.');
    expect(phraseIn(second, stems)).toEqual({ anywhere: true, inTitle: true });
  });

  it('find a phrase in the body only, in order', () => {
    const stems = parseQuery('zentrix valve ').allWords.map(stem);
    expect(phraseIn(entry('Title', ['the zentrix valves leak']), stems)).toEqual({ anywhere: true, inTitle: false });
    expect(phraseIn(entry('Title', ['valves of the zentrix']), stems).anywhere).toBe(false);
  });
});
