import type { Block, TextBlock } from './blocks.ts';
import {
  BUCKET_PRIORITY, CAUSED_BY, CONDITIONAL_IMPERATIVE_WEIGHT, CONSEQUENCE_OF_PREVIOUS, FIX_LIST_LEAD, IMPERATIVE_AFTER_CLAUSE, IMPERATIVE_START, NEUTRAL_SENTENCES, IMPERATIVE_WEIGHT,
  PROBLEM_HEADING_CUES, SENTENCE_CUES, TRANSITION,
  type Bucket,
} from './classify-cues.ts';
import { splitSentences } from './text.ts';

export interface Classification {
  symptoms: string[];
  causes: string[];
  fixes: string[];
}

/** The field of a classification a bucket's sentences go to. */
function fieldOf(result: Classification, bucket: Bucket): string[] {
  return bucket === 'symptom' ? result.symptoms : bucket === 'cause' ? result.causes : result.fixes;
}

export function isProblemHeading(title: string): boolean {
  return PROBLEM_HEADING_CUES.some((cue) => cue.test(title));
}

export function isImperative(sentence: string): boolean {
  return IMPERATIVE_START.test(sentence.trim().replace(TRANSITION, ''));
}

function scoresOf(sentence: string): Record<Bucket, number> {
  const scores: Record<Bucket, number> = { symptom: 0, cause: 0, fix: 0 };
  for (const cue of SENTENCE_CUES) if (cue.pattern.test(sentence)) scores[cue.bucket] += cue.weight;
  if (isImperative(sentence)) scores.fix += IMPERATIVE_WEIGHT;
  else if (IMPERATIVE_AFTER_CLAUSE.test(sentence)) scores.fix += CONDITIONAL_IMPERATIVE_WEIGHT;
  return scores;
}

/** The bucket with the strongest cue for one sentence, or null when nothing cues it. */
export function classifySentence(sentence: string): Bucket | null {
  if (NEUTRAL_SENTENCES.some((pattern) => pattern.test(sentence))) return null;
  // "This causes …" states what the operator sees; its cause is the sentence before (classifySection).
  if (CONSEQUENCE_OF_PREVIOUS.test(sentence)) return 'symptom';
  const scores = scoresOf(sentence);
  let best: Bucket | null = null;
  for (const bucket of BUCKET_PRIORITY) {
    if (scores[bucket] > 0 && (best === null || scores[bucket] > scores[best])) best = bucket;
  }
  return best;
}

/**
 * Whether a block's last sentence leads into a list of fix steps: a fix sentence, a sentence that
 * announces steps or ways out ("in a few simple steps:"), or one ending in a colon that carries a fix
 * cue even though another bucket won it ("…, as long as you make sure that …:").
 */
function leadsFixList(sentence: string, bucket: Bucket | null): boolean {
  if (bucket === 'fix' || FIX_LIST_LEAD.test(sentence)) return true;
  return /:\s*$/.test(sentence) && scoresOf(sentence).fix > 0;
}

/**
 * Sorts a section's sentences into symptoms, causes and fixes. A list that follows a fix lead is
 * taken whole as fix steps, in order; a consequence ("This causes …") makes the sentence before it a
 * cause; un-cued sentences stay only in the entry's paragraphs.
 */
export function classifySection(title: string, blocks: Block[]): Classification {
  const result: Classification = { symptoms: [], causes: [], fixes: [] };
  if (isProblemHeading(title)) result.symptoms.push(title);

  let fixList: number | 'next' | null = null;
  let lead: { sentence: string; bucket: Bucket } | null = null;
  const previous: Previous = { sentence: null, bucket: null };
  for (const block of blocks) {
    if (block.type === 'code') {
      if (fixList === 'next') fixList = null;
      continue;
    }
    if (block.kind === 'table') continue;
    if (block.kind === 'heading') {
      if (isProblemHeading(block.text)) result.symptoms.push(block.text);
      fixList = null;
      previous.sentence = null;
      continue;
    }
    if (block.listId !== null && (fixList === block.listId || fixList === 'next')) {
      if (fixList === 'next' && lead !== null) withdrawLead(result, lead);
      lead = null;
      fixList = block.listId;
      result.fixes.push(block.text);
      continue;
    }
    if (block.listId === null || fixList !== block.listId) fixList = null;
    classifyBlock(block, result, previous);
    if (block.listId === null && previous.sentence !== null && leadsFixList(previous.sentence, previous.bucket)) {
      const bucket = previous.bucket ?? 'fix';
      if (previous.bucket === null) result.fixes.push(previous.sentence);
      lead = { sentence: previous.sentence, bucket };
      fixList = 'next';
    }
  }

  if (result.fixes.length === 0) {
    const fallback = imperativeClosingParagraph(blocks);
    if (fallback) result.fixes.push(fallback);
  }
  return result;
}

/**
 * The sentence that announces a list of fixes ("The following steps help you ensure … works as
 * expected:", "Because …, it works as long as you make sure that …:") is not itself a fix nor a cause
 * once the list follows: the list's items are the fixes. An instruction stays ("Follow these steps:",
 * "To make sure …, follow a make-before-break process as described below:"). A reason given before
 * "so" in the lead is kept as a cause.
 */
function withdrawLead(result: Classification, lead: { sentence: string; bucket: Bucket }): void {
  if (!/:\s*$/.test(lead.sentence) || isImperative(lead.sentence) || IMPERATIVE_AFTER_CLAUSE.test(lead.sentence)) return;
  const field = fieldOf(result, lead.bucket);
  const at = field.lastIndexOf(lead.sentence);
  if (at < 0) return;
  field.splice(at, 1);
  // "Most cloud load balancers will not forward the SNI, so if … you may need to do one of the
  // following:": what comes before "so" is why the steps are needed, the problem's cause.
  const reason = /^(.{20,}?),\s+so\s+/i.exec(lead.sentence)?.[1];
  if (reason !== undefined && classifySentence(reason) === null) result.causes.push(`${reason}.`);
}

interface Previous {
  sentence: string | null;
  bucket: Bucket | null;
}

/**
 * A sentence that states a symptom and its cause in two clauses: "If requests … start generating 503
 * errors …, then the DestinationRule is probably causing a TLS conflict" (the condition is what the
 * operator sees), or "Tcpdump doesn't work in the sidecar pod - the container doesn't run as root"
 * (the clause after the dash explains the one before), or "x509: … errors are typically caused by an
 * empty caBundle …" (what is seen, caused by what). Each clause goes to its own field; null when
 * the sentence is not of that shape.
 */
export function symptomAndCause(sentence: string): { symptom: string; cause: string } | null {
  const conditional = /^(?:if|when|whenever)\s+(.{20,}?),\s*then\s+(.{20,})$/i.exec(sentence);
  if (conditional) {
    const [, condition = '', consequence = ''] = conditional;
    if (classifySentence(condition) === 'symptom' && classifySentence(consequence) === 'cause') {
      return { symptom: asSentence(condition), cause: asSentence(consequence) };
    }
    return null;
  }
  // "x509: certificate signed by unknown authority errors are typically caused by an empty caBundle …"
  const causedBy = CAUSED_BY.exec(sentence);
  const effect = causedBy ? sentence.slice(0, causedBy.index).trim() : '';
  const reason = causedBy ? sentence.slice(causedBy.index + causedBy[0].length).trim() : '';
  if (effect.length >= 15 && reason.length >= 10) {
    // Only a named error: "Many traffic management problems are caused by …" stays one cause.
    if (!/^(?:this|that|these|those|it|they|which)\b/i.test(effect) && /\berrors?\b/i.test(effect)) {
      return { symptom: asSentence(effect), cause: asSentence(reason) };
    }
    return null;
  }
  const parts = sentence.split(/\s[-–—]\s/);
  if (parts.length !== 2) return null;
  const [observed = '', explanation = ''] = parts;
  if (observed.length < 15 || explanation.length < 15 || !/\s/.test(explanation.trim())) return null;
  const explained = classifySentence(explanation);
  if (classifySentence(observed) === 'symptom' && (explained === null || explained === 'cause')) {
    return { symptom: asSentence(observed), cause: asSentence(explanation) };
  }
  return null;
}

function asSentence(clause: string): string {
  const text = clause.trim().replace(/[,;:]$/, '');
  // "requests to …" -> "Requests to …"; "x509: …" and identifiers keep their case.
  const capitalised = /^[a-z]+\b(?![:.\-_/])/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** Files each sentence of a text block; `previous` ends as the block's last sentence and its bucket. */
function classifyBlock(block: TextBlock, result: Classification, previous: Previous): void {
  for (const sentence of splitSentences(block.text)) {
    const split = symptomAndCause(sentence);
    if (split) {
      result.symptoms.push(split.symptom);
      result.causes.push(split.cause);
      previous.sentence = sentence;
      previous.bucket = 'cause';
      continue;
    }
    const bucket = classifySentence(sentence);
    if (bucket === 'symptom' && CONSEQUENCE_OF_PREVIOUS.test(sentence) && previous.sentence !== null && previous.bucket === null) {
      result.causes.push(previous.sentence);
    }
    if (bucket !== null) fieldOf(result, bucket).push(sentence);
    previous.sentence = sentence;
    previous.bucket = bucket;
  }
}

// Sentence openings that are plainly not imperative even though they start with a capitalised word.
const NOT_IMPERATIVE_START = /^(?:the|this|that|these|those|it|if|when|in|for|with|as|a|an|by|on|at|there|here|some|many|most|all|each|any|one|our|your|its|istio|envoy|kubernetes)\b/i;

/**
 * Conservative fallback for sections without a cued fix: the last paragraph after the last code
 * block, only when it opens like an instruction ("Restart the pod…", "Build resilience into …").
 */
function imperativeClosingParagraph(blocks: Block[]): string | null {
  let lastCode = -1;
  blocks.forEach((block, index) => {
    if (block.type === 'code') lastCode = index;
  });
  for (let i = blocks.length - 1; i > lastCode; i -= 1) {
    const block = blocks[i];
    if (!block || block.type !== 'text' || block.kind === 'heading' || block.kind === 'table') continue;
    const first = splitSentences(block.text)[0] ?? '';
    const opening = first.replace(TRANSITION, '');
    const looksImperative =
      /^[A-Z][a-z]+ (?:the|a|an|your|this|that|these|those|all|any|each|its|their|it|them|up|down|out)\b/.test(opening) &&
      !NOT_IMPERATIVE_START.test(opening) &&
      !/^[A-Z][a-z]*(?:s|ed|ing)\b/.test(opening);
    return looksImperative ? block.text : null;
  }
  return null;
}
