import { describe, expect, it } from 'vitest';
import { AskedIndex } from '../../src/search/asked.ts';
import { planSearch } from '../../src/search/plan.ts';
import { parseQuery } from '../../src/search/query.ts';
import { words } from '../../src/search/text.ts';
import { ASKED_AS_FILE, shippedAsked } from '../../src/repositories/search/shipped-asked.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHIPPED_ENTRY_LINKS_FILE, type EntryLinksIndex } from '../../src/repositories/shipped-entry-links.ts';

const guidelines = {
  ports: ['which ports can my app not use with an istio sidecar', 'reserved ports in the istio proxy'],
  sharing: ['hide a kubernetes service from other namespaces', 'destination rule ignored for clients in another namespace'],
  webhook: ['kubectl apply hangs while istiod restarts', 'cannot create any istio config when the control plane is down'],
};
const index = new AskedIndex({ sets: [{ guidelines }] });

function match(q: string, min = 0) {
  const query = parseQuery(q);
  const plan = planSearch(query);
  if (!plan) throw new Error(`no plan for ${q}`);
  return index.match(query, plan, min);
}

describe('AskedIndex: how operators ask for a guideline', () => {
  it('finds a guideline by a line in the operator words its text lacks', () => {
    const m = match('which ports must my app not use ');
    expect([...m.keys()]).toEqual(['ports']);
    expect(m.get('ports')).toBeGreaterThan(0.5);
  });

  it('weighs the share of the question one line asks, not words spread over several lines', () => {
    // "hide" and "namespaces" are in one line of `sharing`, "ignored" in another.
    const one = match('hide a service from namespaces ').get('sharing') ?? 0;
    const spread = match('hide namespaces ignored ').get('sharing') ?? 0;
    expect(one).toBeGreaterThan(spread);
  });

  it('counts a word the question shares with no line (the share is of the whole question)', () => {
    const short = match('kubectl apply hangs ').get('webhook') ?? 0;
    const diluted = match('kubectl apply hangs zzyzx quux ').get('webhook') ?? 0;
    expect(diluted).toBeGreaterThan(0);
    expect(diluted).toBeLessThan(short);
  });

  it('is the mean of the share of the question a line holds and the share of the line the question holds', () => {
    // The whole line asked is a whole match; the line's words all asked but more is half of the rest.
    expect(match('kubectl apply hangs while istiod restarts ').get('webhook')).toBeCloseTo(1);
    const part = match('kubectl apply hangs ').get('webhook') ?? 0;
    expect(part).toBeGreaterThan(0.5);
    expect(part).toBeLessThan(1);
  });

  it('matches synonyms, phrases of several words in order only, and the half-typed last word', () => {
    // "pilot" is a synonym of "control plane" (src/search/synonyms.ts).
    expect(match('cannot create config when pilot is down ').has('webhook')).toBe(true);
    const whole = match('reserved ports in the istio proxy ').get('ports');
    expect(whole).toBeCloseTo(1);
    expect(match('reserved ports in the istio pro').get('ports')).toBeCloseTo(whole ?? 0);
    // "sidecar" is also "istio proxy" (a synonym of two words): held in that order only.
    const ordered = new AskedIndex({ sets: [{ guidelines: { a: ['reserved ports in the istio proxy'], b: ['reserved ports proxy for istio'] } }] });
    const q = parseQuery('reserved ports sidecar ');
    const m = ordered.match(q, planSearch(q)!, 0);
    expect(m.get('a')).toBeCloseTo(1);
    expect(m.get('b') ?? 0).toBeLessThan(0.8);
  });

  it('takes the mean over the sets of their best lines: a chance line of one set is outvoted', () => {
    // Two sets written independently: both ask for `ports` in their own words; one line of the
    // second set happens to share the question's words with `webhook`.
    const sets = new AskedIndex({
      sets: [
        { guidelines: { ports: ['which ports can my app not use'], webhook: ['kubectl apply hangs while istiod restarts'] } },
        { guidelines: { ports: ['ports reserved by the sidecar my service must avoid'], webhook: ['my app cannot use kubectl apply ports'] } },
      ],
    });
    const q = parseQuery('which ports can my app not use ');
    const m = sets.match(q, planSearch(q)!, 0);
    expect([...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('ports');
    expect(m.get('webhook') ?? 0).toBeLessThan(0.5);
    // A key only one set has lines for is that set's best line.
    const one = new AskedIndex({ sets: [{ guidelines: { ports: ['which ports can my app not use'] } }, { guidelines: {} }] });
    expect(one.match(q, planSearch(q)!, 0).get('ports')).toBeCloseTo(1);
  });

  it('leaves out keys below the minimum and one-word questions', () => {
    expect(match('kubectl restarts istio sidecar namespaces ', 0.9).size).toBe(0);
    expect(match('ports ').size).toBe(0);
    expect(AskedIndex.EMPTY.match(parseQuery('kubectl apply hangs '), planSearch(parseQuery('kubectl apply hangs '))!, 0).size).toBe(0);
  });

  it('matches a pasted error line too: the docs quote few of the errors operators paste', () => {
    const m = match('2024-01-01T10:00:00Z error: kubectl apply hangs, connection refused to 10.0.0.1:443');
    expect([...m.keys()][0]).toBe('webhook');
  });

  it('answers the same question the same way twice (scratch arrays are reset)', () => {
    const a = match('hide a service from namespaces ');
    match('which ports must my app not use ');
    expect(match('hide a service from namespaces ')).toEqual(a);
  });

  it('answers a question whose concepts earlier questions gathered as a new index does', () => {
    const asked = ['hide a service from namespaces ', 'which ports must my app not use ', 'kubectl apply hangs while istiod restarts'];
    const questions = ['hide which ports from namespaces ', 'kubectl apply of a service hangs ', 'destination rule ignored in another namespace '];
    for (const q of asked) match(q);
    for (const q of questions) {
      const fresh = new AskedIndex({ sets: [{ guidelines }] });
      const query = parseQuery(q);
      const plan = planSearch(query);
      if (!plan) throw new Error(`no plan for ${q}`);
      expect(match(q), q).toEqual(fresh.match(query, plan, 0));
      expect(match(q).size, q).toBeGreaterThan(0);
    }
  });
});

describe('archive/asked-as.json (shipped)', () => {
  const file = JSON.parse(readFileSync(ASKED_AS_FILE, 'utf8')) as { sets: { guidelines: Record<string, string[]> }[] };
  const links = JSON.parse(readFileSync(SHIPPED_ENTRY_LINKS_FILE, 'utf8')) as EntryLinksIndex;

  it('has, in every set, lines for every guideline of the shipped archive, and for no other key', () => {
    expect(file.sets.length).toBeGreaterThanOrEqual(2);
    for (const set of file.sets) expect(Object.keys(set.guidelines).sort()).toEqual(Object.keys(links.entries).sort());
    expect(shippedAsked().keyCount).toBe(Object.keys(links.entries).length);
  });

  it('gives each guideline at least six lines per set in the words of a question, none its own title', () => {
    for (const [key, lines] of file.sets.flatMap((set) => Object.entries(set.guidelines))) {
      expect(lines.length, key).toBeGreaterThanOrEqual(6);
      expect(new Set(lines).size, key).toBe(lines.length);
      const titles = new Set((links.entries[key] ?? []).map(([, title]) => words(title).join(' ')));
      for (const line of lines) {
        const n = words(line).length;
        expect(n, `${key}: ${line}`).toBeGreaterThanOrEqual(2);
        expect(n, `${key}: ${line}`).toBeLessThanOrEqual(20);
        expect(titles.has(words(line).join(' ')), `${key}: ${line}`).toBe(false);
      }
    }
  });
});

describe('shippedAsked (loading the file)', () => {
  it('searches without lines when the file is missing, and stops with where and what when it is damaged', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'asked-'));
    try {
      expect(shippedAsked(path.join(dir, 'missing.json')).keyCount).toBe(0);
      const wrongShape = path.join(dir, 'shape.json');
      writeFileSync(wrongShape, JSON.stringify({ guidelines: { 'some-key': ['fine', 42] } }));
      expect(() => shippedAsked(wrongShape)).toThrow(/shape\.json is damaged \(sets\.0\.guidelines\.some-key\.1: .*restore it/);
      const noSets = path.join(dir, 'sets.json');
      writeFileSync(noSets, JSON.stringify({ sets: [] }));
      expect(() => shippedAsked(noSets)).toThrow(/sets\.json is damaged \(sets: .*restore it/);
      // Round 7's form, one set given as its guidelines alone, still loads.
      const oneSet = path.join(dir, 'one.json');
      writeFileSync(oneSet, JSON.stringify({ guidelines: { 'some-key': ['which ports can my app not use'] } }));
      expect(shippedAsked(oneSet).keyCount).toBe(1);
      const notJson = path.join(dir, 'json.json');
      writeFileSync(notJson, '{"guidelines": {');
      expect(() => shippedAsked(notJson)).toThrow(/json\.json is damaged \(.*JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
