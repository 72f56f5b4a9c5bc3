import { describe, expect, it } from 'vitest';
import { planFts } from '../../src/repositories/search/fts-match.ts';
import { planSearch } from '../../src/search/plan.ts';
import { parseQuery } from '../../src/search/query.ts';
import type { Vocabulary } from '../../src/search/typo.ts';

const WORDS: Record<string, number> = { proxy: 40, config: 50, secret: 12, secrets: 6, sidecar: 30, injection: 20, injector: 4 };
const sorted = Object.keys(WORDS).sort();
const VOCAB: Vocabulary = {
  documentFrequency: (w) => WORDS[w] ?? 0,
  wordsOfLength: (n) => sorted.filter((w) => w.length === n),
  hasWordStartingWith: (p) => sorted.some((w) => w.startsWith(p)),
  completions: (p, limit) => sorted.filter((w) => w.startsWith(p)).slice(0, limit),
};

function fts(text: string) {
  const plan = planSearch(parseQuery(text, VOCAB), VOCAB);
  if (!plan) throw new Error('no plan');
  return planFts(plan);
}

describe('the phrase of a half-typed question', () => {
  it('ends with any completion of the letters typed, which no row holds as typed', () => {
    const plan = fts('proxy-config secr');
    expect(plan.phrase).toEqual(['proxy', 'config', 'secr']);
    expect(plan.phraseEndings).toEqual(['secret', 'secrets']);
    // A row needs the other words of the phrase, not the letters "secr".
    expect(plan.phraseWords).toEqual(['"proxy"', '"config"']);
  });

  it('is the words typed when the last word is whole', () => {
    const plan = fts('sidecar injection');
    expect(plan.phraseEndings).toEqual([]);
    expect(plan.phraseWords).toEqual(['"sidecar"', '"injection"']);
  });

  it('is the words typed when the question ends with a space', () => {
    const plan = fts('proxy config secr ');
    expect(plan.phraseEndings).toEqual([]);
  });
});
