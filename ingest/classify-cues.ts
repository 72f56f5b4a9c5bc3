// Cue phrases that sort guidance sentences into symptoms, causes and fixes. Each cue adds its
// weight to its bucket; the heaviest bucket wins, ties go cause > fix > symptom (see classify.ts).

export type Bucket = 'symptom' | 'cause' | 'fix';

export interface Cue {
  bucket: Bucket;
  weight: number;
  pattern: RegExp;
}

/** How often "X is <adverb> caused by Y" holds, as the docs word it: one list for the cue and for the split in classify.ts. */
export const CAUSED_BY = /\b(?:is|are|was|were|(?:may|might|can|could) (?:also )?be)\s+(?:(?:often|usually|likely|probably|typically|commonly|generally|mostly|most likely|almost always)\s+)?caused by\b/i;

/** A heading (or page title) that names a problem is itself the symptom. */
export const PROBLEM_HEADING_CUES: readonly RegExp[] = [
  /\b[45]\d\d\b/, /\berrors?\b/i, /\bno effect\b/i, /\b(?:won|don|doesn|can|isn|aren)['’]?t\b/i, /\bcannot\b/i,
  /\bnot (?:work\w*|activated|applied|found|enforced|behaving|sending|connecting|as expected)\b/i,
  /\blos(?:ing|t|es)\b/i, /\bfail\w*\b/i, /\breject\w*\b/i, /\bcrash\w*\b/i, /\bproblems?\b/i, /\bissues?\b/i,
  /\bmismatch\w*\b/i, /\bconflicts?\b/i, /\bstops? working\b/i, /\bdenied\b/i, /\btoo (?:restrictive|permissive)\b/i,
  /\bunexpected\w*\b/i, /\bmissing\b/i, /\bbroken\b/i, /\btimeouts?\b/i, /\bmistakes?\b/i, /\bhang\w*\b/i,
  /\bunable\b/i, /\bnot properly\b/i,
  // "Cluster is not scaled down automatically", "… was not what I expected", "Invalid configuration is
  // accepted", "No Grafana output when …", and an operator's question ("What Envoy version is Istio using?").
  /\b(?:is|are|was|were) not \w+ed\b/i, /\bnot what (?:I|you|we) expected\b/i, /\binvalid\b/i, /^no\b/i, /\?\s*$/,
];

const IMPERATIVE_VERBS = [
  'add', 'adjust', 'allow', 'always', 'annotate', 'apply', 'avoid', 'build', 'change', 'check', 'configure',
  'confirm', 'connect', 'create', 'define', 'delete', 'deploy', 'disable', 'do not', "don't", 'don’t', 'downgrade',
  'download', 'edit', 'enable', 'ensure', 'establish', 'exclude', 'fetch', 'follow', 'get', 'give', 'grant',
  'include', 'increase', 'inspect', 'install', 'kill', 'label', 'look', 'make sure', 'migrate', 'modify', 'move',
  'never', 'patch', 'pay attention', 'provide', 're-run', 'rebuild', 'recreate', 'redeploy', 'reduce', 'refer',
  'reinstall', 'remember to', 'remove', 'rename', 'replace', 'restart', 'restrict', 'retrieve', 'retry', 'revert',
  'review', 'run', 'scale', 'set', 'specify', 'split', 'switch', 'try', 'turn', 'uninstall', 'update', 'upgrade',
  'use', 'validate', 'verify', 'visit', 'wait',
];

/** Leading transition words and manner adverbs skipped before testing for an imperative ("First, edit …", "Manually verify …"). */
export const TRANSITION = /^(?:first|second|third|next|then|finally|also|instead|now|lastly|additionally|optionally|manually|carefully|explicitly|simply|for example|or,? better yet)\s*,?\s+/i;

const VERB_ALTERNATION = IMPERATIVE_VERBS.map((v) => v.replace(/[-']/g, '\\$&')).join('|');

export const IMPERATIVE_START = new RegExp(`^(?:${VERB_ALTERNATION})\\b`, 'i');

/** "If …, check the rule", "In order to …, increase …": a clause followed by an instruction. */
export const IMPERATIVE_AFTER_CLAUSE = new RegExp(
  `^(?:if|when|whenever|once|before|after|in that case|in order to|to)\\b[^,]{0,200},\\s*(?:then\\s+)?(?:${VERB_ALTERNATION})\\b`,
  'i',
);

/**
 * "This causes …", "This can lead to …", "With these settings, sidecar injection fails": the sentence
 * states a consequence (what the operator sees) of the sentence before it, which is then the cause.
 */
export const CONSEQUENCE_OF_PREVIOUS =
  /^(?:this|that|these|it|which)\b(?:\s+\w+){0,2}?\s+(?:causes?|lead(?:s)? to|results? in)\b|^with (?:these|this|those|such) (?:settings?|configurations?|values?|options?|changes?),\s+[^.]*\b(?:fails?|breaks?|cannot|stops? working|is rejected|are rejected)\b/i;

/**
 * A lead that announces a list of steps or alternatives ("in a few simple steps:", "do one of the
 * following:", "Here are some of the ways to avoid this error:"): the list after it is the fix.
 */
export const FIX_LIST_LEAD =
  /(?:\b(?:following|these|few|simple|the) (?:\w+ )?steps\b|\bone of the following\b|\bone of (?:two|three|these|several) ways\b|\bways to (?:avoid|fix|resolve|prevent|solve|work around)\b|\b(?:avoid|fix|resolve|prevent|solve) (?:this|it)\b[^:]*\bby\b)[^:]*:\s*$/i;

export const SENTENCE_CUES: readonly Cue[] = [
  // symptoms: what the operator observes
  { bucket: 'symptom', weight: 2, pattern: /\bstart(?:s|ed)? (?:generating|returning|failing|seeing)\b/i },
  { bucket: 'symptom', weight: 2, pattern: /\byou(?:['’](?:ll|d)| (?:may|might|will|would|could|can))? (?:see|get|notice|observe|receive)\b/i },
  { bucket: 'symptom', weight: 2, pattern: /\bfails? with\b/i },
  { bucket: 'symptom', weight: 2, pattern: /\b(?:is|are|get|gets|being|been) rejected\b/i },
  { bucket: 'symptom', weight: 1, pattern: /\b(?:returns?|returning|responds? with|prints?|shows?|reports?)\b/i },
  { bucket: 'symptom', weight: 1, pattern: /\b(?:HTTP )?[45]\d\d(?: \([\w ]+\))?(?: errors?| responses?| status)\b/i },
  { bucket: 'symptom', weight: 1, pattern: /\b(?:no effect|not working|(?:does not|doesn['’]t|do not|don['’]t|won['’]t|will not) work)\b/i },
  { bucket: 'symptom', weight: 1, pattern: /\b(?:crash\w*|hangs?|times? out|timed out|stops? working)\b/i },
  { bucket: 'symptom', weight: 2, pattern: /\bsymptoms?\b/i },
  // causes: why it happens
  { bucket: 'cause', weight: 2, pattern: /\bbecause\b/i },
  { bucket: 'cause', weight: 3, pattern: CAUSED_BY },
  { bucket: 'cause', weight: 3, pattern: /\b(?:is|are) (?:probably|likely) (?:causing|the cause|the reason)\b/i },
  { bucket: 'cause', weight: 2, pattern: /\bthe (?:reason|cause|root cause)\b/i },
  { bucket: 'cause', weight: 2, pattern: /\bdue to\b/i },
  { bucket: 'cause', weight: 2, pattern: /\bdefaults? to\b/i },
  { bucket: 'cause', weight: 2, pattern: /\b(?:happen(?:s|ed)|occur(?:s|red)?|arises|arose) (?:when|if|because)\b/i },
  { bucket: 'cause', weight: 2, pattern: /\b(?:is|are) not supported\b/i },
  { bucket: 'cause', weight: 2, pattern: /\b(?:Envoy|Istio|Kubernetes|Pilot|Istiod) requires\b/ },
  { bucket: 'cause', weight: 2, pattern: /\bonly the first\b.*\b(?:is|will be) used\b/i },
  { bucket: 'cause', weight: 2, pattern: /\bthe first (?:one|definition|\w+)? ?(?:is|will be) used\b/i },
  { bucket: 'cause', weight: 2, pattern: /\bit (?:may|might|could) be that\b/i },
  { bucket: 'cause', weight: 1, pattern: /\b(?:results? in|causes?|causing|leads? to)\b/i },
  { bucket: 'cause', weight: 1, pattern: /\b(?:is|are|will be|would be) (?:silently )?(?:ignored|discarded|overridden)\b/i },
  // A limitation or an incompatibility of the product: what it cannot do is why the setup fails.
  { bucket: 'cause', weight: 2, pattern: /\b(?:does|do) not support\b|\b(?:doesn|don)['’]t support\b|\b(?:is|are) (?:incompatible|not compatible) with\b|, which is (?:incompatible|not compatible) with\b/i },
  // What is known to go wrong: "The most commonly reported problems with configuration are YAML indentation … mistakes",
  // "One common mistake is specifying multiple items unintentionally", "Another potential issue is that …".
  { bucket: 'cause', weight: 2, pattern: /^the most (?:common(?:ly reported)?|frequent(?:ly reported)?) (?:[\w-]+ ){0,2}?(?:problems?|causes?|mistakes?|reasons?|misconfigurations?)\b[^.]*\b(?:are|is)\b|^(?:one|another|a) (?:common|frequent|typical|potential|possible) (?:mistake|issue|problem|cause|misconfiguration|pitfall) is\b/i },
  // A diagnosis hedged as likely: "there is likely an issue with Mixer configuration", "it is likely that
  // something is wrong with your Citadel", "your cluster is misconfigured".
  { bucket: 'cause', weight: 2, pattern: /\bthere (?:is|are) (?:likely|probably|most likely) (?:an? )?(?:[\w-]+ ){0,2}?(?:issues?|problems?|misconfigurations?|bugs?)\b|^(?:most likely|probably),? there (?:is|are)\b|\bit is (?:likely|probable) that\b|\bsomething is wrong with\b|\b(?:is|are) misconfigured\b/i },
  // What a state or output points to: "This usually indicates a networking issue between Envoy and Istiod".
  { bucket: 'cause', weight: 2, pattern: /\b(?:usually|often|typically|generally|likely|probably|most likely) (?:indicates?|points? to)\b|\b(?:indicates?|points? to) (?:a|an) (?:[\w-]+ ){0,2}(?:issue|problem|bug|error|failure|misconfiguration)\b/i },
  // A component that fails closed: while it is not ready, what depends on it cannot happen.
  { bucket: 'cause', weight: 2, pattern: /\bfail[- ]clos(?:e|ed)\b|\bfail[- ]open\b/i },
  { bucket: 'cause', weight: 2, pattern: /^(?:if|when|while|as long as) [^,]{0,150}\b(?:is|are)(?: not|n['’]t) (?:ready|running|available|reachable|healthy|started|up)\b[^,]{0,20}, [^,]{0,150}\b(?:cannot|can['’]t|can not|will not|won['’]t|fails?)\b/i },
  // A clause that gives the reason of the one it is attached to ("However since both … are configured, …").
  { bucket: 'cause', weight: 1, pattern: /(?:^|[,;]\s*|\b(?:however|and|but),?\s+)since (?!(?:v?\d|version|release|istio \d|then|its? (?:introduction|release)))/i },
  // What a request's host or match selects: "… are using the gateway host, which will activate the rules in …".
  { bucket: 'cause', weight: 2, pattern: /\b(?:which|that) (?:will |would )?(?:activates?|triggers?|takes? precedence over|overrides?) the (?:rules?|routes?|configuration|policy|policies)\b/i },
  // A scope limit of a configuration: what it applies to, or only under which condition.
  { bucket: 'cause', weight: 2, pattern: /\b(?:will|would|does|do|can|may) only (?:apply|allow|match|work|affect|be applied|be used|take effect|activate)\b/i },
  { bucket: 'cause', weight: 2, pattern: /\bonly (?:applies|affects|matches|works|then)\b/i },
  { bucket: 'cause', weight: 2, pattern: /\b(?:is|are) (?:only )?(?:scoped|limited|restricted) to\b|\b(?:does|do) not apply to\b/i },
  { bucket: 'cause', weight: 2, pattern: /\b(?:depends|depend|relies|rely) on\b/i },
  { bucket: 'cause', weight: 2, pattern: /\b(?:will|would) be (?:ignored|skipped|disabled) (?:for|in|when|unless|if)\b/i },
  // The periodic behaviour of a component: a restart, refresh or resync every so often.
  { bucket: 'cause', weight: 2, pattern: /\bevery (?:\d+(?:\.\d+)? )?(?:ms|milliseconds?|s|seconds?|minutes?|hours?|days?|weeks?|months?)\b/i },
  { bucket: 'cause', weight: 2, pattern: /\b(?:periodically|eventually consistent|takes? (?:some )?time to propagate)\b/i },
  // fixes: what to do
  { bucket: 'fix', weight: 3, pattern: /\bto (?:fix|resolve|solve|work around) (?:this|the|it)\b/i },
  { bucket: 'fix', weight: 3, pattern: /\bthe (?:solution|fix|workaround|remedy)\b/i },
  { bucket: 'fix', weight: 3, pattern: /\b(?:a|an|one|another|the only|a possible|one possible|a known) (?:(?:simple|easy|quick|possible|known|common|temporary|better|good) )?(?:solution|workaround|remedy)\b|\bworkarounds? (?:is|are|would be|exists?)\b/i },
  // A way around a limitation stated as what still works: "However any other container in the same pod will see all the packets".
  { bucket: 'fix', weight: 3, pattern: /^however,?\s+(?:any |an? |the )?(?:other|another|alternative)\b[^.]*\b(?:will|can|does|do|may)\b/i },
  { bucket: 'fix', weight: 2, pattern: /^to (?:avoid|prevent|control|confirm|make sure|ensure|check|verify|enable|disable)\b/i },
  { bucket: 'fix', weight: 2, pattern: /\byou (?:should|must|need to|have to|can|could|will need to|\w+ need to)\b(?! (?:only |also |not |then |now )?(?:see|notice|observe|get|receive)\b)/i },
  { bucket: 'fix', weight: 2, pattern: /\b(?:make sure|ensure|be sure to)\b/i },
  { bucket: 'fix', weight: 2, pattern: /^alternatively\b/i },
  // An instruction after what a code or flag means: "UO: Upstream overflow with circuit breaking, check your circuit breaker configuration".
  { bucket: 'fix', weight: 2, pattern: /,\s*(?:if [^,]{1,80},\s*)?(?:check|verify|inspect|review) (?:your|the|for|that|whether)\b/i },
  { bucket: 'fix', weight: 2, pattern: /\b(?:we )?recommend(?:ed|s)?\b/i },
  { bucket: 'fix', weight: 3, pattern: /\b(?:a|the) best practice\b/i },
];

/**
 * Sentences that carry no symptom, cause or fix of their own: pointers elsewhere ("See X for details"),
 * and why the fix just given works ("This works because …"), whose "because" is the fix's rationale,
 * not the problem's cause.
 */
export const NEUTRAL_SENTENCES: readonly RegExp[] = [
  /^see\b/i,
  /^for (?:more )?(?:details|information)\b/i,
  // What the product lets you do, the intro of a section: "With Istio, you can enable authentication for end users …".
  /^(?:with|using) (?:istio|envoy|kubernetes|istioctl)\b[^,]{0,40},\s*you can\b/i,
  /^(?:this|that|it|these|the (?:fix|workaround|solution|above))\b(?:\s+\w+){0,2}?\s+(?:works?|helps?|is (?:needed|required|necessary)|succeeds?) (?:because|since|as)\b/i,
];

/** Weight given to a sentence that starts with an imperative verb (or has one right after an if-clause). */
export const IMPERATIVE_WEIGHT = 3;
export const CONDITIONAL_IMPERATIVE_WEIGHT = 4;

/** Tie-break order between buckets with equal scores. */
export const BUCKET_PRIORITY: readonly Bucket[] = ['cause', 'fix', 'symptom'];
