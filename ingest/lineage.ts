import { keyFromTitle } from './key.ts';
import { compareVersions, textMentionsTitle } from './lineage-normalize.ts';
import { compareEntries, prepareEntry, shinglesOf, validateEntries, type PreparedEntry } from './lineage-prepare.ts';
import { similarity } from './lineage-similarity.ts';
import type { LineageEntry } from './lineage-types.ts';

export type { LineageEntry } from './lineage-types.ts';

/**
 * Lineage: the same guideline gets the same key in every doc version, although Istio renamed headings,
 * changed heading ids and moved sections between pages. Versions are walked oldest first; each entry
 * continues the lineage ("chain") of the nearest earlier version with a good candidate:
 *   1. exact: same normalised title (or curated alias) within a few versions or on the same page, or the
 *      same normalised heading id within a few versions;
 *   2. similar: title and content similarity against chains seen in the last few versions, with a bonus
 *      for the same page or the page its other entries came from.
 * A chain's key is its alias key or `keyFromTitle` of its earliest title, so adding newer versions never
 * changes existing keys. Exact lookups are indexed; similarity runs only on what is left, so the cost is
 * about (unmatched entries) x (recent unmatched chains) per version.
 */

/** How many earlier versions (present in the input) a heading-id or similarity match may reach back. */
const MAX_GAP = 3;
/** Below this a similarity match is more likely a new guideline than a rewritten one (tuned on v0.8–v1.25). */
export const MIN_SIMILARITY = 0.5;
const SAME_PAGE_BONUS = 0.1;
/** Above this many (entry, lineage) pairs in one version, similarity only looks at related pages. */
const MAX_SIMILARITY_PAIRS = 200_000;

interface Chain {
  readonly index: number;
  readonly members: PreparedEntry[];
  tail: PreparedEntry;
}

interface Candidate {
  readonly entry: PreparedEntry;
  readonly chain: Chain;
  readonly score: number;
}

/** Deterministic: the same set of entries gives the same keys whatever the input order. */
export function assignKeys(entries: readonly LineageEntry[]): Map<string, string> {
  const linker = new Linker();
  for (const versionEntries of byVersion(validateEntries(entries))) linker.linkVersion(versionEntries);
  return linker.keys();
}

function byVersion(entries: readonly LineageEntry[]): PreparedEntry[][] {
  const groups = new Map<string, LineageEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.version);
    if (group) group.push(entry);
    else groups.set(entry.version, [entry]);
  }
  const versions = [...groups.keys()].sort(compareVersions);
  return versions.map((version, versionIndex) =>
    [...(groups.get(version) ?? [])].sort(compareEntries).map((entry, order) => prepareEntry(entry, versionIndex, order)),
  );
}

class Linker {
  private readonly chains: Chain[] = [];
  private readonly chainOfEntry = new Map<string, Chain>();
  private readonly byTitle = new Map<string, Chain[]>();
  private readonly bySlug = new Map<string, Chain[]>();

  linkVersion(entries: PreparedEntry[]): void {
    const extended = new Set<Chain>();
    const predecessors = new Map<string, string>();
    // Sections first so that sub-entries can check that their parent continues the same lineage.
    const sections = entries.filter((e) => e.entry.level < 3);
    const subEntries = entries.filter((e) => e.entry.level >= 3);
    const claimedBySubEntries = () => new Set(subEntries.flatMap((e) => this.exactCandidates(e, extended)).map((c) => c.chain));

    this.assign(sections.flatMap((e) => this.exactCandidates(e, extended)), extended);
    this.notePagePredecessors(sections, predecessors);
    this.assign(this.similarCandidates(sections, extended, predecessors, claimedBySubEntries()), extended);
    this.startChains(sections, extended);

    this.assign(subEntries.flatMap((e) => this.exactCandidates(e, extended)), extended);
    this.assign(this.similarCandidates(subEntries, extended, predecessors, new Set()), extended);
    this.startChains(subEntries, extended);
  }

  keys(): Map<string, string> {
    const used = new Set<string>();
    const keyOfChain = new Map<Chain, string>();
    // Pinned keys are reserved first so a lineage's natural key can never take an alias's key.
    const pinned = this.chains.filter((c) => aliasOf(c) !== undefined);
    const natural = this.chains.filter((c) => aliasOf(c) === undefined);
    for (const chain of [...pinned, ...natural]) {
      const first = chain.members[0] ?? chain.tail;
      const base = aliasOf(chain) ?? (keyFromTitle(first.entry.title) || keyFromTitle(first.entry.slug) || 'entry');
      let key = base;
      for (let n = 2; used.has(key); n += 1) key = `${base}-${n}`;
      used.add(key);
      keyOfChain.set(chain, key);
    }
    const result = new Map<string, string>();
    for (const chain of this.chains) {
      const key = keyOfChain.get(chain) ?? '';
      for (const member of chain.members) result.set(member.entry.id, key);
    }
    return result;
  }

  private exactCandidates(entry: PreparedEntry, extended: ReadonlySet<Chain>): Candidate[] {
    if (this.chainOfEntry.has(entry.entry.id)) return [];
    const candidates: Candidate[] = [];
    const seen = new Set<Chain>();
    const consider = (chain: Chain, base: number) => {
      if (seen.has(chain) || extended.has(chain) || !this.parentAllows(entry, chain)) return;
      seen.add(chain);
      const gap = entry.versionIndex - chain.tail.versionIndex;
      const samePage = chain.tail.path === entry.path ? 0.5 : 0;
      candidates.push({ entry, chain, score: base + samePage - gap * 0.01 });
    };
    for (const chain of this.byTitle.get(titleIndexKey(entry)) ?? []) {
      // Far back, only the same page vouches for a title: generic headings ("Before you begin") recur elsewhere.
      const near = entry.versionIndex - chain.tail.versionIndex <= MAX_GAP || chain.tail.path === entry.path;
      if (near || entry.aliasKey !== undefined) consider(chain, 3);
    }
    for (const chain of this.bySlug.get(entry.slugKey) ?? []) {
      if (entry.versionIndex - chain.tail.versionIndex <= MAX_GAP) consider(chain, 2);
    }
    return candidates;
  }

  private similarCandidates(
    entries: readonly PreparedEntry[],
    extended: ReadonlySet<Chain>,
    predecessors: ReadonlyMap<string, string>,
    excluded: ReadonlySet<Chain>,
  ): Candidate[] {
    const pending = entries.filter((e) => !this.chainOfEntry.has(e.entry.id));
    if (pending.length === 0) return [];
    const versionIndex = pending[0]?.versionIndex ?? 0;
    const open = this.chains.filter(
      (c) => !extended.has(c) && !excluded.has(c) && versionIndex - c.tail.versionIndex <= MAX_GAP,
    );
    // Real doc sets leave a few dozen pairs per version; a flood of unrelated entries must not go quadratic.
    const pagesOnly = pending.length * open.length > MAX_SIMILARITY_PAIRS;
    const candidates: Candidate[] = [];
    for (const entry of pending) {
      for (const chain of open) {
        const tail = chain.tail;
        const related = tail.path === entry.path || predecessors.get(entry.path) === tail.path;
        if ((pagesOnly && !related) || !this.parentAllows(entry, chain)) continue;
        // A section that now carries the old guideline as a sub-heading is a new, broader guideline.
        if (isAbsorbedSubHeading(entry, tail)) continue;
        const sim = similarity(
          { titleTokens: entry.tokens, shingles: shinglesOf(entry) },
          { titleTokens: tail.tokens, shingles: shinglesOf(tail) },
        );
        const score = sim.score + (related ? SAME_PAGE_BONUS : 0);
        if (score >= MIN_SIMILARITY) candidates.push({ entry, chain, score });
      }
    }
    return candidates;
  }

  /** A sub-entry may continue a lineage whose last entry was a sub-entry only under the same parent lineage. */
  private parentAllows(entry: PreparedEntry, chain: Chain): boolean {
    const tailParent = chain.tail.entry.parentId;
    if (entry.entry.level < 3 || tailParent === undefined) return true;
    const parentId = entry.entry.parentId;
    const parentChain = parentId === undefined ? undefined : this.chainOfEntry.get(parentId);
    return parentChain !== undefined && parentChain === this.chainOfEntry.get(tailParent);
  }

  /** Greedy best-first; ties broken by entry order, then chain age, so the result ignores input order. */
  private assign(candidates: Candidate[], extended: Set<Chain>): void {
    candidates.sort((a, b) => b.score - a.score || a.entry.order - b.entry.order || a.chain.index - b.chain.index);
    for (const { entry, chain } of candidates) {
      if (extended.has(chain) || this.chainOfEntry.has(entry.entry.id)) continue;
      extended.add(chain);
      this.extend(chain, entry);
    }
  }

  /** The page whose entries most of this page's exact matches came from: where a moved section likely came from. */
  private notePagePredecessors(entries: readonly PreparedEntry[], into: Map<string, string>): void {
    const tallies = new Map<string, Map<string, number>>();
    for (const entry of entries) {
      const chain = this.chainOfEntry.get(entry.entry.id);
      const previous = chain?.members[chain.members.length - 2];
      if (!previous) continue;
      const tally = tallies.get(entry.path) ?? new Map<string, number>();
      tally.set(previous.path, (tally.get(previous.path) ?? 0) + 1);
      tallies.set(entry.path, tally);
    }
    for (const [page, tally] of tallies) {
      const best = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      if (best) into.set(page, best[0]);
    }
  }

  /** New lineages for what matched nothing; marked extended so later rounds of this version cannot join them. */
  private startChains(entries: readonly PreparedEntry[], extended: Set<Chain>): void {
    for (const entry of entries) {
      if (this.chainOfEntry.has(entry.entry.id)) continue;
      const chain: Chain = { index: this.chains.length, members: [], tail: entry };
      this.chains.push(chain);
      extended.add(chain);
      this.extend(chain, entry);
    }
  }

  private extend(chain: Chain, entry: PreparedEntry): void {
    chain.members.push(entry);
    chain.tail = entry;
    this.chainOfEntry.set(entry.entry.id, chain);
    addTo(this.byTitle, titleIndexKey(entry), chain);
    addTo(this.bySlug, entry.slugKey, chain);
  }
}

/**
 * True when the candidate's text carries the old title as a sub-heading although its own title is a
 * different guideline ("TLS configuration mistakes" quoting "Port conflict when configuring…"): that
 * section is a new, broader guideline. A retitle that keeps the old words ("Port conflict when
 * configuring multiple TLS hosts…" for "Configuring multiple TLS hosts…") is not.
 */
function isAbsorbedSubHeading(entry: PreparedEntry, tail: PreparedEntry): boolean {
  if ([...tail.tokens].every((token) => entry.tokens.has(token))) return false;
  return textMentionsTitle(entry.entry.text, tail.entry.title);
}

function titleIndexKey(entry: PreparedEntry): string {
  return entry.aliasKey !== undefined ? `alias:${entry.aliasKey}` : `title:${entry.titleKey}`;
}

function aliasOf(chain: Chain): string | undefined {
  return chain.members.find((m) => m.aliasKey !== undefined)?.aliasKey;
}

function addTo(index: Map<string, Chain[]>, key: string, chain: Chain): void {
  if (key === '') return;
  const list = index.get(key);
  if (!list) index.set(key, [chain]);
  else if (!list.includes(chain)) list.push(chain);
}
