// diagnose(manifests): runs the shared rule engine and links every finding to the knowledge-base
// entry that explains it. GraphQL, REST and the CLI all come through here.
import { createHash } from 'node:crypto';
import { runDiagnose } from '../rules/engine.ts';
import { compareVersions, inRange, parseVersion } from '../rules/version.ts';
import { Lru } from '../support/lru.ts';
import { rules as allRules } from '../rules/registry.ts';
import type { DiagnoseOptions, EngineFinding, EngineResult, ManifestInput } from '../rules/result.ts';
import type { Rule, Severity } from '../rules/types.ts';
import type { EntryRecord } from '../repositories/types.ts';
import { parseVersionInput } from './versions.ts';
import { checkInputs, checkSomethingToJudge, knownVersions, UnknownIstioVersionError } from './diagnose-input.ts';

/**
 * The newest Istio version whose semantics the rules know. Without a version, manifests are judged
 * as for this one (or a newer doc version in the knowledge base): the documents a knowledge base
 * happens to hold say nothing about the cluster's version, and judging a modern cluster by 1.0
 * rules because only the 1.0 sample is ingested would report problems that no longer exist.
 */
export const NEWEST_KNOWN_ISTIO_VERSION = '1.25';

/**
 * The Istio versions whose semantics the rules know: the documented ones (0.8, then 1.0 to
 * NEWEST_KNOWN_ISTIO_VERSION; there was no 0.9). A later 1.x release (clusters run 1.26 and later
 * before the rules learn of them) is judged by the newest known version, with a note saying so;
 * any other version outside them, or outside the doc versions in the knowledge base, is refused
 * rather than judged by the nearest one.
 */
export const KNOWN_ISTIO_VERSIONS: readonly string[] = [
  '0.8',
  ...Array.from({ length: parseVersion(NEWEST_KNOWN_ISTIO_VERSION).minor + 1 }, (_, minor) => `1.${minor}`),
];

export interface DiagnoseRequest {
  readonly manifests: string | readonly ManifestInput[];
  readonly version?: string | null;
  readonly previous?: string | readonly ManifestInput[] | null;
  readonly ignore?: readonly string[] | null;
  readonly minSeverity?: Severity | null;
  readonly autoMtls?: boolean | null;
  /**
   * The manifests (with `context`) are the whole mesh configuration: a referent absent from them is
   * absent from the cluster. Without it, a finding whose only evidence is an absence is at most a
   * WARNING that says the input may be partial.
   */
  readonly complete?: boolean | null;
  /**
   * More of the cluster's configuration (e.g. `kubectl get vs,dr,gw,se,svc,deploy,pa -A -o yaml`),
   * used to resolve references; findings are reported only for `manifests`.
   */
  readonly context?: string | readonly ManifestInput[] | null;
  /** The namespace applied to (`kubectl apply -n`): objects that name none get it, one naming another is refused; default: none refused, "default" for the rest. */
  readonly namespace?: string | null;
}

/** What a finding links to at least; the server links whole entries, the CLI's light lookup these fields. */
export type EntryLink = Pick<EntryRecord, 'key' | 'version' | 'title' | 'url'>;

/**
 * What diagnose needs from a knowledge base. The server passes its KnowledgeBase; the CLI a light
 * read-only lookup (src/repositories/entry-links.ts) that needs neither Prisma nor a database file.
 */
export interface EntryLinks<E extends EntryLink = EntryRecord> {
  /** Newest first. */
  versions(): Promise<readonly { readonly name: string }[]>;
  /** The entry for each key in `version` when it has it, else in the newest version that has it. */
  entriesForKeys(keys: readonly string[], version: string | undefined): Promise<Map<string, E>>;
  /** Changes whenever the knowledge base changed (cache key). */
  generation(): string;
}

export interface LinkedFinding<E extends EntryLink = EntryRecord> extends EngineFinding {
  readonly entry: E | null;
}

export interface Diagnosis<E extends EntryLink = EntryRecord> extends Omit<EngineResult, 'findings'> {
  /** The Istio version whose semantics were applied. */
  readonly version: string;
  readonly findings: readonly LinkedFinding<E>[];
}

export interface DiagnoseLimits {
  readonly maxBytes: number;
  readonly maxResources: number;
}

/** Told about every finished diagnose run (metrics). */
export type DiagnoseObserver<E extends EntryLink = EntryRecord> = (d: Diagnosis<E>) => void;

export class DiagnoseService<E extends EntryLink = EntryRecord> {
  constructor(
    private readonly kb: EntryLinks<E>,
    private readonly limits: DiagnoseLimits,
    private readonly rules: readonly Rule[] = allRules,
    private readonly observe: DiagnoseObserver<E> = () => undefined,
  ) {}

  private readonly results = new Lru<string, Diagnosis<E>>(256);

  /**
   * Any well-formed version selects rule semantics (none or `latest`: the newest known, see
   * NEWEST_KNOWN_ISTIO_VERSION); entries come from that version when the knowledge base has it,
   * otherwise from the newest version that has the guideline.
   */
  async semanticsVersion(input: string | null | undefined): Promise<string> {
    return (await this.resolveVersion(input)).version;
  }

  /** The version whose semantics apply, and why it is not the one asked for when it is not. */
  private async resolveVersion(input: string | null | undefined): Promise<{ version: string; note: string | null }> {
    const parsed = input === null || input === undefined || input.trim() === '' ? ({ kind: 'latest' } as const) : parseVersionInput(input);
    const docs = (await this.kb.versions()).map((v) => v.name);
    const known = knownVersions(docs, KNOWN_ISTIO_VERSIONS);
    const newest = known.at(-1) ?? NEWEST_KNOWN_ISTIO_VERSION;
    if (parsed.kind !== 'exact') return { version: newest, note: null };
    if (known.includes(parsed.name)) return { version: parsed.name, note: null };
    const asked = parseVersion(parsed.name);
    const newestParsed = parseVersion(newest);
    if (asked.major === newestParsed.major && compareVersions(asked, newestParsed) > 0) {
      return {
        version: newest,
        note: `Istio ${asked.name} is newer than the newest version the rules know (${newest}): judged by ${newest}'s semantics, so a behaviour that changed after ${newest} is not taken into account.`,
      };
    }
    throw new UnknownIstioVersionError(input ?? '', known);
  }

  async diagnose(request: DiagnoseRequest): Promise<Diagnosis<E>> {
    checkInputs(request, this.rules);
    const { version, note } = await this.resolveVersion(request.version);
    // CI jobs and portals send the same manifests again and again; the answer depends only on
    // them, the options and the knowledge base, so it is reused until the next ingest.
    const cacheKey = cacheKeyOf(request, version, note, this.kb.generation());
    const cached = cacheKey ? this.results.get(cacheKey) : undefined;
    if (cached) {
      this.observe(cached);
      return cached;
    }
    const options: DiagnoseOptions = {
      version,
      ...(request.previous ? { previous: request.previous } : {}),
      ...(request.context ? { context: request.context } : {}),
      ...(request.complete ? { complete: true } : {}),
      ...(request.ignore ? { ignore: request.ignore } : {}),
      ...(request.minSeverity ? { minSeverity: request.minSeverity } : {}),
      ...(request.autoMtls !== null && request.autoMtls !== undefined ? { autoMtls: request.autoMtls } : {}),
      ...(request.namespace ? { namespace: request.namespace } : {}),
      limits: { maxInputBytes: this.limits.maxBytes, maxResources: this.limits.maxResources },
    };
    const result = runDiagnose(request.manifests, options, this.rules);
    checkSomethingToJudge(result, request.manifests);
    const known = new Set((await this.kb.versions()).map((v) => v.name));
    const entries = await this.kb.entriesForKeys(
      result.findings.map((f) => f.entryKey),
      known.has(version) ? version : undefined,
    );
    const diagnosis: Diagnosis<E> = {
      ...result,
      notes: note ? [note, ...result.notes] : result.notes,
      version,
      findings: result.findings.map((f) => ({ ...f, entry: entries.get(f.entryKey) ?? null })),
    };
    if (cacheKey) this.results.set(cacheKey, diagnosis);
    this.observe(diagnosis);
    return diagnosis;
  }

  /** Rules that apply to a version (all rules when no version is given). */
  async rulesFor(version: string | null | undefined): Promise<readonly Rule[]> {
    if (version === null || version === undefined || version.trim() === '') return this.rules;
    const semantics = parseVersion(await this.semanticsVersion(version));
    return this.rules.filter((r) => inRange(semantics, r.versions));
  }
}

/** Inputs above this size are not cached: they are rare, and would crowd out the common ones. */
const MAX_CACHED_INPUT = 256 * 1024;

function cacheKeyOf(request: DiagnoseRequest, version: string, note: string | null, generation: string): string | null {
  const inputs = [request.manifests, request.previous ?? '', request.context ?? ''];
  const size = inputs.reduce<number>((n, i) => n + (typeof i === 'string' ? i.length : i.reduce((m, f) => m + f.text.length, 0)), 0);
  if (size > MAX_CACHED_INPUT) return null;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([version, note, generation, request.ignore ?? null, request.minSeverity ?? null, request.autoMtls ?? null, request.complete === true, request.namespace ?? null]));
  for (const input of inputs) hash.update('\u0000').update(typeof input === 'string' ? input : JSON.stringify(input));
  return hash.digest('base64url');
}

