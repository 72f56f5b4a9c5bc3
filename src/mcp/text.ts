// What a model reads in a tool result: short plain text that states the version and cites the
// guideline's url#anchor next to every claim. Programs read `structuredContent` instead.
import { objectName } from '../rules/kinds.ts';
import type { diagnosisJson, entryJson } from '../rest/serialize.ts';
import type { SearchGuidelinesAnswer, VersionsListAnswer } from './schemas.ts';

type GuidelineAnswer = ReturnType<typeof entryJson>;
type DiagnosisAnswer = ReturnType<typeof diagnosisJson>;

const MAX_ITEM = 400;

function plain(text: string): string {
  return text.replace(/<\/?mark>/g, '').replace(/\s+/g, ' ').trim();
}

function clip(text: string, max = MAX_ITEM): string {
  const t = plain(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function searchText(a: SearchGuidelinesAnswer): string {
  const scope = a.version ? `Istio ${a.version} docs` : 'all Istio doc versions (each guideline in its newest matching version)';
  if (a.hits.length === 0) {
    return `No guideline matches "${a.query}" in ${scope}.${a.didYouMean ? ` Did you mean "${a.didYouMean}"?` : ''}`;
  }
  const lines = [`${a.hits.length} of ${a.total} guidelines for "${a.query}" in ${scope}${a.didYouMean ? ` (searched as "${a.didYouMean}")` : ''}:`];
  a.hits.forEach((h, i) => {
    lines.push(`${i + 1}. ${h.title} (Istio ${h.version}) ${h.url}`, `   key: ${h.key}${h.snippet ? ` | ${clip(h.snippet, 200)}` : ''}`);
  });
  if (a.passages.length > 0) {
    lines.push('', 'Best passages:');
    for (const p of a.passages) lines.push(`- [${p.kind.toLowerCase()}] ${clip(p.text)} (Istio ${p.version}, ${p.url})`);
  }
  lines.push('', 'Cite the url#anchor and version of each guideline you use; get_guideline {slug: key, version} returns a whole entry.');
  return lines.join('\n');
}

function section(name: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : [`${name}:`, ...items.map((i) => `- ${clip(i, 1200)}`)];
}

/** "0.8, 1.0–1.25": doc versions as ranges of consecutive minors (input in any order). */
export function versionRanges(versions: readonly string[]): string {
  const parsed = versions
    .map((v) => ({ v, m: /^(\d+)\.(\d+)$/.exec(v) }))
    .map(({ v, m }) => ({ v, major: Number(m?.[1] ?? NaN), minor: Number(m?.[2] ?? NaN) }))
    .sort((a, b) => a.major - b.major || a.minor - b.minor);
  const runs: { from: string; to: string }[] = [];
  let prev: (typeof parsed)[number] | undefined;
  for (const p of parsed) {
    const last = runs.at(-1);
    if (last && prev && p.major === prev.major && p.minor === prev.minor + 1) last.to = p.v;
    else runs.push({ from: p.v, to: p.v });
    prev = p;
  }
  return runs.map((r) => (r.from === r.to ? r.from : `${r.from}–${r.to}`)).join(', ');
}

export function guidelineText(e: GuidelineAnswer): string {
  const others = e.versions.filter((v) => v !== e.version);
  return [
    `${e.title} (Istio ${e.version} docs)`,
    `Source: ${e.url}`,
    `Key: ${e.key}. In versions: ${versionRanges(e.versions)}${others.length ? '' : ' (only this one)'}.`,
    ...section('Symptoms', e.symptoms),
    ...section('Causes', e.causes),
    ...section('Fixes', e.fixes),
    ...section('Error messages', e.errorMessages),
    ...section('Commands', e.commands),
    ...(e.symptoms.length + e.causes.length + e.fixes.length === 0 ? section('Text', e.paragraphs) : []),
    ...(e.snippets.length ? [`Snippets: ${e.snippets.length} (${[...new Set(e.snippets.flatMap((s) => s.kinds))].join(', ') || e.snippets.map((s) => s.language).join(', ')}); see structuredContent.snippets.`] : []),
    ...(e.rules.length ? [`diagnose rules citing it: ${e.rules.map((r) => r.id).join(', ')}.`] : []),
    `Cite as: ${e.title}, Istio ${e.version}, ${e.url}`,
  ].join('\n');
}

export function versionsText(a: VersionsListAnswer): string {
  if (a.versions.length === 0) return 'The knowledge base holds no doc version yet (nothing ingested).';
  const lines = [`${a.versions.length} Istio doc versions, newest first:`];
  for (const v of a.versions) {
    const when = v.updatedAt ? `, ingested ${v.ingestedAt?.slice(0, 10)}, last changed ${v.updatedAt.slice(0, 19)}Z` : '';
    lines.push(`- ${v.name}${v.isLatest ? ' (latest)' : ''}: ${v.entryCount} guidelines${when}`);
  }
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function diagnosisText(d: DiagnosisAnswer): string {
  const count = (s: string) => d.findings.filter((f) => f.severity === s).length;
  const context = d.inputs.contextResources ? ` (references resolved with ${d.inputs.contextResources} context objects)` : '';
  const lines = [
    `Checked ${plural(d.resourceCount, 'resource')}${context} against Istio ${d.version} semantics: ${plural(count('ERROR'), 'error')}, ${plural(count('WARNING'), 'warning')}, ${plural(count('INFO'), 'note')}` +
      (d.suppressedCount ? ` (${d.suppressedCount} suppressed)` : '') +
      (d.notJudgedCount ? `; ${d.notJudgedCount} of them not judged: the judged Istio does not serve their API version (see the notes and the parse errors)` : '') +
      '.',
  ];
  for (const f of d.findings) {
    const r = f.resource;
    // Inputs sent as text are named after their field; only real file names are worth repeating.
    const file = r.file && !['-', 'manifests', 'previous', 'context'].includes(r.file) ? `${r.file}:` : '';
    const where = `${f.source === 'previous' ? 'previous, ' : ''}${file}line ${f.line}`;
    lines.push(
      `- ${f.severity} ${f.ruleId} at ${where} (${r.kind} ${objectName(r)}, ${f.path}): ${clip(f.message)}`,
      `  Fix: ${clip(f.fix)}`,
      ...(f.entry ? [`  Guideline: ${f.entry.title} (Istio ${f.entry.version}) ${f.entry.url}`] : []),
    );
  }
  for (const p of d.parseErrors) lines.push(`- YAML error in ${p.source}${p.line ? ` at line ${p.line}` : ''}: ${clip(p.message)}`);
  for (const n of d.notes) lines.push(`Note: ${clip(n)}`);
  if (!d.inputs.complete && d.findings.some((f) => f.evidence === 'absence')) {
    lines.push('Findings that rest only on a referent missing from the input are warnings: pass complete: true if these manifests are the whole mesh, or context with the rest of the cluster\'s configuration.');
  }
  return lines.join('\n');
}
