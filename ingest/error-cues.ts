// What makes a string look like an error message an operator would see. Kept as data so the
// choices are easy to review and extend; see error-messages.ts for where each source is read.

/** Any one of these marks a line or quote as an error message. */
export const ERROR_CUES: readonly RegExp[] = [
  /\b(?:error|errors|failed|failure|fails|denied|conflict|unavailable|refused|rejected|forbidden|unauthorized|timed out|timeout|deadline exceeded|panic|fatal)\b/i,
  /\b(?:connection|stream) (?:reset|closed|terminated)\b/i,
  /\breset before headers\b/i,
  /\bno healthy upstream\b/i,
  /\bupstream connect error\b/i,
  /\bnon unique\b/i,
  /\bSSL_[A-Z_]+\b/,
  /\bx509:/,
  /\bHTTP\/\d(?:\.\d)?\s+[45]\d\d\b/,
  /\b[45]\d\d (?:Service Unavailable|Not Found|Forbidden|Bad Request|Unauthorized|Internal Server Error|Bad Gateway|Gateway Timeout|Too Many Requests|Upgrade Required|Method Not Allowed|Request Timeout)\b/i,
  /^Error from server\b/,
  /\bRBAC: access denied\b/,
  /\b(?:cannot|can't|unable to|could not|no matches for kind|unknown field|not found)\b/i,
];

/** Intro sentences after which a short plain/output block is an error message even without a cue. */
export const ERROR_INTRO = /\b(?:errors?|error messages?|messages?|fail\w*|crash\w*|reject\w*|complain\w*|warnings?)\b[^.]*:\s*$/i;

/** Strings that carry a cue but are not messages: YAML `key: value` pairs, metrics lines, commands. */
export const NOT_A_MESSAGE: readonly RegExp[] = [
  /^[a-z][\w.-]*:\s*\S+$/, // failurePolicy: Fail
  /^[\w:]+\{[^}]*\}\s+[-+\d.eE]+$/, // prometheus sample: metric{error="false"} 56
  /^"[\w.-]+"\s*:/, // JSON member
  /^(?:\$\s|kubectl\s|istioctl\s|curl\s|helm\s|grep\s|docker\s|cat\s)/,
];

export const MAX_MESSAGE_LENGTH = 500;
