import { parseAllDocuments } from 'yaml';
import type { YamlSource } from './yaml-source.ts';

export interface YamlCheck {
  kinds: string[];
  parseError: string | null;
}

/** Larger YAML is not sample guidance; skip parsing instead of spending time on it. */
export const MAX_YAML_CHARS = 256 * 1024;
const MAX_DOCUMENTS = 200;
const MAX_ALIASES = 50;

// Keys that only make sense nested under `spec` (Istio networking/security and common Kubernetes kinds).
const SPEC_KEYS = new Set([
  'hosts', 'http', 'tcp', 'tls', 'subsets', 'servers', 'selector', 'trafficPolicy', 'gateways', 'host',
  'exportTo', 'rules', 'action', 'mtls', 'portLevelMtls', 'workloadSelector', 'configPatches', 'jwtRules',
  'egress', 'ingress', 'outboundTrafficPolicy', 'containers', 'template', 'replicas', 'ports', 'endpoints',
  'location', 'resolution', 'peers', 'origins', 'targets',
]);

// Keys whose value is always a nested block; an empty one followed by a sibling means indentation was lost.
const CONTAINER_KEYS = new Set([
  ...SPEC_KEYS, 'spec', 'metadata', 'labels', 'annotations', 'matchLabels', 'port', 'route', 'destination',
  'match', 'uri', 'headers', 'loadBalancer', 'connectionPool', 'outlierDetection', 'portLevelSettings',
  'from', 'to', 'source', 'operation', 'when', 'data', 'patch', 'retries', 'fault', 'delay', 'abort',
  'corsPolicy', 'rewrite', 'redirect', 'resources', 'limits', 'requests', 'webhooks', 'clientConfig',
]);

/** Parses the YAML of one snippet; never throws, failures become a one-line `parseError`. */
export function checkYaml(sources: YamlSource[]): YamlCheck {
  const kinds: string[] = [];
  let parseError: string | null = null;
  const fail = (reason: string): void => {
    parseError ??= reason;
  };
  for (const source of sources) {
    if (source.text.length > MAX_YAML_CHARS) {
      fail(`YAML not parsed: snippet is larger than ${MAX_YAML_CHARS} characters`);
      continue;
    }
    checkSource(source, kinds, fail);
  }
  return { kinds: [...new Set(kinds)], parseError };
}

/**
 * Docs elide parts of samples with an indented `...` or `(... snip ...)` line. YAML would read an indented
 * `...` as a scalar or an error, so elisions become comments (line numbers are kept).
 */
export function blankElisions(text: string): string {
  return text.replace(/^([ \t]+)(?:\.\.\.|…|\(\s*(?:\.\.\.|…)[^)\n]*\))[ \t]*$/gm, '$1# elided');
}

function checkSource(source: YamlSource, kinds: string[], fail: (reason: string) => void): void {
  const text = blankElisions(source.text);
  let documents;
  try {
    // logLevel 'error': the library would otherwise print warnings to the process console.
    documents = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: true, logLevel: 'error' });
  } catch (error) {
    fail(`YAML parse error: ${firstLine(error)}`);
    return;
  }
  if (!Array.isArray(documents)) {
    fail('YAML has no documents');
    return;
  }
  if (documents.length > MAX_DOCUMENTS) fail(`YAML not fully checked: more than ${MAX_DOCUMENTS} documents`);

  let mappings = 0;
  for (const document of documents.slice(0, MAX_DOCUMENTS)) {
    const error = document.errors[0];
    if (error) {
      const line = (error.linePos?.[0]?.line ?? 0) + source.lineOffset;
      fail(`YAML parse error at line ${line}: ${firstLine(error).replace(/\s+at line \d+, column \d+.*$/, '')}`);
    }
    if (document.contents === null) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      fail(`YAML parse error: ${firstLine(err)}`);
      continue;
    }
    if (!isMapping(value)) continue;
    mappings += 1;
    collectKinds(value, kinds);
  }
  if (mappings === 0) {
    fail('YAML has no mapping documents');
    return;
  }
  const lost = lostIndentation(text, documents.slice(0, MAX_DOCUMENTS).map((d) => safeJs(d)), source.lineOffset);
  if (lost) fail(lost);
}

function collectKinds(value: Record<string, unknown>, kinds: string[]): void {
  if (typeof value['kind'] === 'string' && value['kind'].trim()) kinds.push(value['kind'].trim());
  // `kind: List` (kubectl get -o yaml output) wraps the real resources.
  const items = value['items'];
  if (Array.isArray(items)) {
    for (const item of items.slice(0, MAX_DOCUMENTS)) if (isMapping(item)) collectKinds(item, kinds);
  }
}

/**
 * Whitespace-stripped copies of YAML often still parse, into nonsense: every key at top level and
 * `spec:` null. Detect an empty container key followed by a sibling key, and a null spec with spec keys beside it.
 */
export function lostIndentation(text: string, values: unknown[], lineOffset = 0): string | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^(\s*)(-\s+)?([A-Za-z_][\w.-]*):\s*(?:#.*)?$/.exec(lines[i] ?? '');
    if (!match?.[3] || !CONTAINER_KEYS.has(match[3])) continue;
    const keyIndent = (match[1]?.length ?? 0) + (match[2]?.length ?? 0);
    const next = nextSignificantLine(lines, i + 1);
    if (next === null) continue;
    const nextLine = lines[next] ?? '';
    const nextIndent = nextLine.length - nextLine.trimStart().length;
    const isSequenceItem = /^\s*-(\s|$)/.test(nextLine);
    if (nextIndent < keyIndent || (nextIndent === keyIndent && !isSequenceItem)) {
      if (nextIndent === keyIndent && /^\s*[A-Za-z_][\w.-]*:/.test(nextLine)) {
        return `YAML indentation lost: "${match[3]}:" at line ${i + 1 + lineOffset} is empty and followed by "${nextLine.trim()}" at the same level`;
      }
    }
  }
  for (const value of values) {
    if (!isMapping(value) || !('spec' in value)) continue;
    const spec = value['spec'];
    const emptySpec = spec === null || (isMapping(spec) && Object.keys(spec).length === 0);
    const stray = Object.keys(value).filter((k) => SPEC_KEYS.has(k));
    if (emptySpec && stray.length > 0) return `YAML indentation lost: spec is empty while ${stray.join(', ')} sit at top level`;
  }
  return null;
}

function nextSignificantLine(lines: string[], from: number): number | null {
  for (let i = from; i < lines.length; i += 1) {
    const trimmed = (lines[i] ?? '').trim();
    if (trimmed === '---' || trimmed === '...') return null;
    if (trimmed && !trimmed.startsWith('#')) return i;
  }
  return null;
}

function safeJs(document: { toJS: (opts: { maxAliasCount: number }) => unknown }): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    return null;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim().slice(0, 200);
}
