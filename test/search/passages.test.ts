import { describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../src/repositories/types.ts';
import { chunkEntry, passagesInTiers, rankPassages } from '../../src/search/passages.ts';
import { parseQuery } from '../../src/search/query.ts';

function entry(key: string, fields: Partial<Pick<EntryRecord, 'symptoms' | 'causes' | 'fixes' | 'paragraphs'>>): EntryRecord {
  return {
    rowId: 1, key, slug: key, version: '1.25', title: key, url: `https://istio.io/x#${key}`, pageUrl: 'https://istio.io/x', pageTitle: 'x',
    level: 2, position: 0, paragraphs: [], symptoms: [], causes: [], fixes: [], errorMessages: [], commands: [], snippets: [],
    contentHash: key, updatedAt: new Date(0), ...fields,
  };
}

describe('passagesInTiers (as many passages as asked, the first ones the same)', () => {
  const q = parseQuery('sidecar proxy not injected into my pods');
  // Six guidelines, the fifth and sixth with chunks that cover the question better than the fourth's.
  const sources = [
    entry('g1', { symptoms: ['Pods have no sidecar.'], fixes: ['Label the namespace.'] }),
    entry('g2', { symptoms: ['The sidecar is missing.'] }),
    entry('g3', { causes: ['The injector is down, so pods get no proxy.'] }),
    entry('g4', { paragraphs: ['Pods restarted.'] }),
    entry('g5', { symptoms: ['The sidecar proxy is not injected into my pods.'] }),
    entry('g6', { symptoms: ['Sidecar proxy not injected into pods.'], fixes: ['Inject the sidecar proxy into my pods.'] }),
  ].map((e, i) => ({ entry: e, score: 1 - i / 20 }));

  it('answers the first k passages alike whether k or more are asked for', () => {
    const all = passagesInTiers(q, sources, 20, 2).map((p) => p.id);
    for (let k = 1; k <= all.length; k++) expect(passagesInTiers(q, sources, k, 2).map((p) => p.id)).toEqual(all.slice(0, k));
  });

  it("cites a later tier's guidelines only after every passage of the earlier ones", () => {
    const keys = passagesInTiers(q, sources, 20, 2).map((p) => p.key);
    const tierOf = (key: string) => Math.floor((Number(key.slice(1)) - 1) / 2);
    expect(keys.map(tierOf)).toEqual([...keys.map(tierOf)].sort((a, b) => a - b));
    // Ranked all at once, g5's chunk (it covers the question) would come before g4's.
    const once = passagesInTiers(q, sources, 20, 6).map((p) => p.key);
    expect(once.indexOf('g5')).toBeLessThan(once.indexOf('g4'));
    expect(keys.indexOf('g5')).toBeGreaterThan(keys.indexOf('g4'));
  });

  it("scores every tier's guidelines relative to the best hit", () => {
    const [only] = passagesInTiers(q, sources.slice(4, 5), 1, 1);
    const later = passagesInTiers(q, sources, 20, 2).find((p) => p.key === 'g5');
    expect(later?.score).toBeLessThan(only?.score ?? 0);
  });
});

describe('rankPassages (what a chatbot cites)', () => {
  const q = parseQuery('sidecar proxy not injected into my pods ');

  it("starts with the search's first guideline when a runner-up's chunk only holds more of the common words", () => {
    const best = entry('best', { symptoms: ['No sidecar is injected into the pods.'] });
    const runnerUp = entry('runner-up', { paragraphs: ['The sidecar proxy is injected into my pods only when they are created.'] });
    const out = rankPassages(q, [{ entry: best, score: 1 }, { entry: runnerUp, score: 0.9 }], 3);
    expect(out[0]?.key).toBe('best');
  });

  it('lets a clearly better chunk of a close runner-up come first', () => {
    const best = entry('best', { paragraphs: ['Pods.'] });
    const runnerUp = entry('runner-up', { symptoms: ['The sidecar proxy is not injected into my pods.'] });
    const out = rankPassages(q, [{ entry: best, score: 1 }, { entry: runnerUp, score: 0.98 }], 3);
    expect(out[0]?.key).toBe('runner-up');
  });

  it("shows the next guideline's best chunk before the first guideline's further chunks", () => {
    const best = entry('best', {
      symptoms: ['No sidecar is injected into the pods.'],
      causes: ['The sidecar injector does not see the pods.'],
      fixes: ['Label the namespace so the proxy is injected into new pods.'],
    });
    const second = entry('second', { symptoms: ['Pods start without the sidecar proxy.'] });
    const out = rankPassages(q, [{ entry: best, score: 1 }, { entry: second, score: 0.9 }], 3);
    expect(out.map((p) => p.key)).toEqual(['best', 'second', 'best']);
    expect(out[0]?.score).toBeGreaterThan(out[2]?.score ?? Infinity);
  });

  it('answers a question on entries other questions read before as on entries read for the first time', () => {
    const made = () => [
      entry('quoted', { symptoms: ['Requests fail with 503.'], paragraphs: ['The proxy logs the error below.'] }),
      { ...entry('snippet', { fixes: ['Set the port name.'] }), errorMessages: ['upstream connect error or disconnect/reset before headers. reset reason: connection termination'] },
    ];
    const questions = ['503 upstream connect error', 'upstream connect error or disconnect/reset before headers. reset reason: overflow', 'port name '];
    const shared = made();
    const sources = (entries: EntryRecord[]) => entries.map((e, i) => ({ entry: e, score: 1 - i / 10 }));
    for (const text of questions) {
      const again = rankPassages(parseQuery(text), sources(shared), 4);
      expect(again).toEqual(rankPassages(parseQuery(text), sources(made()), 4));
      expect(again.length).toBeGreaterThan(0);
    }
  });
});

describe('chunkEntry (the citable chunks of a guideline)', () => {
  it('leaves out a symptom that only repeats the title and a paragraph a classified sentence was taken from', () => {
    const e = {
      ...entry('pods-cannot-be-created-at-all', {
        symptoms: ['Pods cannot be created at all', 'Deployments stay at zero replicas.'],
        causes: ['The injection webhook is unreachable.'],
        paragraphs: ['Deployments stay at zero replicas, as the injection webhook is unreachable.', 'Check the webhook service.'],
      }),
      title: 'Pods cannot be created at all',
    };
    // The heading is no citation; the first paragraph's cause is cited as the cause, though it starts
    // with a capital the paragraph does not have ("as the injection webhook").
    const chunks = chunkEntry(e);
    expect(chunks.map((c) => `${c.kind} ${c.index}`)).toEqual(['SYMPTOM 1', 'CAUSE 0', 'PARAGRAPH 1']);
  });

  it('keeps a paragraph that says more than the sentences classified from it', () => {
    // v0.8's "Kubernetes webhook setup script files are missing from 0.5 release package": once the
    // second sentence is a fix, the first (the problem, in no field) must still be citable.
    const e = entry('kubernetes-webhook-setup-script-files-are-missing-from-0-5-release-package', {
      fixes: ['Download the missing files from here and here.'],
      paragraphs: ['The 0.5.0 and 0.5.1 releases are missing scripts to provision webhook certificates. Download the missing files from here and here. Subsequent releases (> 0.5.1) include these files.'],
    });
    expect(chunkEntry(e).map((c) => `${c.kind} ${c.index}`)).toEqual(['FIX 0', 'PARAGRAPH 0']);
  });
});
