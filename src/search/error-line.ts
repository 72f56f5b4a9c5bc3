// Pasted error lines and log excerpts. Both the pasted text and the error messages quoted in the
// guidelines are normalised the same way (values that differ between clusters become placeholders:
// timestamps, IPs, URLs/host names, ports, numbers, hex ids), then compared as token sets, so
// "dial tcp 10.100.3.17:443" matches a guideline quoting "dial tcp 10.96.44.51:443".
import { COURTESIES, normalizeText } from './text.ts';

const PLACEHOLDER_WEIGHT = 0.25;
const FILLER = new Set(['a', 'an', 'the', 'or', 'and', 'to', 'of', 'in', 'on', 'for', 'by', 'with', 'at', 'is', 'be']);
const FILLER_WEIGHT = 0.3;

/**
 * A date and time as logs print them: 2021-04-23T20:43:18.552910Z, [2017-05-17 03:00:52.735],
 * 2018/09/14 19:02:31. Any run of whitespace between the date and the time: a line pasted from a
 * terminal that wrapped it, or a tab-separated log, holds the same timestamp.
 */
export const TIMESTAMP = /\d{4}[-/]\d{2}[-/]\d{2}(?:[tT]|\s+)\d{2}:\d{2}:\d{2}(?:[.,]\d+)?[zZ]?/g;

/**
 * Each with a character test the text must pass for the rule to match at all: most questions hold no
 * digit, dot or "://", and every question is read this way (looksLikeErrorLine), so a rule that cannot
 * match is not run over it.
 */
const DIGIT = /\d/;
const RULES: readonly [RegExp, string, RegExp][] = [
  [TIMESTAMP, ' ⟨ts⟩ ', DIGIT],
  // klog headers: W0227 21:51:03.156818
  [/\b[iwef]\d{4}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?/g, ' ⟨ts⟩ ', DIGIT],
  [/\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, ' ⟨ts⟩ ', DIGIT],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/"'?]+/g, ' ⟨host⟩ ', /:\/\//],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, ' ⟨ip⟩ ', DIGIT],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' ⟨id⟩ ', /-/],
  // Dotted names: hosts, service names, files (istiod.istio-system.svc, myhost2.com:443, admission.go:257)
  [/\b[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)+(?::\d+)?\b/g, ' ⟨host⟩ ', /\./],
  // Generated suffixes of pod/replicaset names: curl-9454cc476, httpbin-7d4b8f9c5-x2x4k
  [/-(?=[a-z0-9]*\d)[a-z0-9]{5,10}\b/g, ' ⟨id⟩ ', DIGIT],
  [/\b0x[0-9a-f]+\b/g, ' ⟨n⟩ ', DIGIT],
  [/\b\d+(?:\.\d+)?[a-z]{0,2}\b/g, ' ⟨n⟩ ', DIGIT],
];

const TOKEN = /⟨[a-z]+⟩|[\p{L}\p{N}_]+/gu;

/** The last text normalised and its tokens: a question is read twice (looksLikeErrorLine, errorSignature). */
let lastText: string | null = null;
let lastTokens: readonly string[] = [];

/** The comparable tokens of an error text, values replaced by placeholders (⟨ts⟩, ⟨ip⟩, ⟨host⟩, ⟨id⟩, ⟨n⟩). */
export function normalizeErrorText(text: string): string[] {
  if (text !== lastText) {
    let s = normalizeText(text.slice(0, 4000));
    for (const [pattern, replacement, can] of RULES) if (can.test(s)) s = s.replace(pattern, replacement);
    lastTokens = (s.match(TOKEN) ?? []).filter((t) => !COURTESIES.has(t));
    lastText = text;
  }
  return [...lastTokens];
}

function weight(token: string): number {
  if (token.startsWith('⟨')) return PLACEHOLDER_WEIGHT;
  if (FILLER.has(token)) return FILLER_WEIGHT;
  return 1;
}

/** A token that is a word (not a placeholder or filler): what ErrorSignature.contentWords counts. */
export function isContentToken(token: string): boolean {
  return weight(token) === 1;
}

export interface ErrorSignature {
  readonly tokens: ReadonlySet<string>;
  readonly weight: number;
  /** Tokens that are words (not placeholders or filler). */
  readonly contentWords: number;
}

export function errorSignature(text: string): ErrorSignature {
  const tokens = new Set(normalizeErrorText(text));
  let total = 0;
  let content = 0;
  for (const t of tokens) {
    total += weight(t);
    if (weight(t) === 1) content++;
  }
  return { tokens, weight: total, contentWords: content };
}

/**
 * How well a pasted text matches a quoted message, 0..1 (weighted Dice over token sets). Zero unless
 * they share at least three content words, or all of a short message's words.
 */
export function errorSimilarity(query: ErrorSignature, message: ErrorSignature): number {
  if (query.weight === 0 || message.weight === 0) return 0;
  let shared = 0;
  let sharedContent = 0;
  const [small, large] = query.tokens.size <= message.tokens.size ? [query.tokens, message.tokens] : [message.tokens, query.tokens];
  for (const t of small) {
    if (!large.has(t)) continue;
    const w = weight(t);
    shared += w;
    if (w === 1) sharedContent++;
  }
  if (sharedContent < Math.min(3, message.contentWords) || sharedContent === 0) return 0;
  return (2 * shared) / (query.weight + message.weight);
}

/** Whether text reads like a pasted log/error line rather than a question (punctuation and values). */
export function looksLikeErrorLine(text: string): boolean {
  const tokens = normalizeErrorText(text);
  if (tokens.length < 3) return false;
  const placeholders = tokens.filter((t) => t.startsWith('⟨')).length;
  const punctuation = (text.match(/[:\[\]()"=/{}]/g) ?? []).length;
  return (placeholders >= 1 && punctuation >= 1) || punctuation >= 3;
}
