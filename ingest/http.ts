// Fetches one guideline page over http(s) with Node's global fetch: a timeout per attempt,
// retries with exponential backoff and jitter for transient failures (network errors, timeouts,
// 429, 5xx; Retry-After honoured up to a cap), a body size cap, HTML only, and conditional
// requests. Every failure comes back as data with a one-line reason; nothing here throws.
import { STATUS_CODES } from 'node:http';
import type { HttpSettings, Validators } from './http-options.ts';

export type FetchResult =
  | {
      readonly status: 'fetched';
      readonly url: string;
      /** Where the page was finally read from, after redirects. */
      readonly finalUrl: string;
      readonly html: string;
      readonly etag: string | null;
      readonly lastModified: string | null;
    }
  | { readonly status: 'not-modified'; readonly url: string }
  | { readonly status: 'failed'; readonly url: string; readonly reason: string };

type Attempt =
  | { readonly kind: 'done'; readonly result: FetchResult }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number | null };

const DNS_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const ACCEPT = 'text/html,application/xhtml+xml;q=0.9';
const USER_AGENT = 'istio-kb-ingest (+https://istio.io troubleshooting knowledge base)';

export async function fetchHtml(url: string, settings: HttpSettings): Promise<FetchResult> {
  const refused = refuseUrl(url);
  if (refused) return { status: 'failed', url, reason: refused };
  let validators: Validators | null = null;
  try {
    validators = settings.conditional ? await settings.conditional(url) : null;
  } catch (error) {
    return { status: 'failed', url, reason: `could not read the stored validators: ${messageOf(error)}` };
  }
  const headers = requestHeaders(validators);
  const conditional = headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined;

  let last: Extract<Attempt, { kind: 'retry' }> | null = null;
  for (let attempt = 0; attempt <= settings.retries; attempt += 1) {
    if (last) await sleep(delayMs(attempt - 1, last.retryAfterMs, settings));
    const outcome = await fetchOnce(url, headers, conditional, settings);
    if (outcome.kind === 'done') return outcome.result;
    last = outcome;
  }
  const reason = last?.reason ?? 'no attempt made';
  const { retries } = settings;
  return { status: 'failed', url, reason: retries > 0 ? `${retries} ${retries === 1 ? 'retry' : 'retries'} failed: ${reason}` : reason };
}

async function fetchOnce(url: string, headers: Record<string, string>, conditional: boolean, settings: HttpSettings): Promise<Attempt> {
  const failed = (reason: string): Attempt => ({ kind: 'done', result: { status: 'failed', url, reason } });
  const timedOut = `timed out after ${seconds(settings.timeoutMs)}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(settings.timeoutMs) });
  } catch (error) {
    if (isTimeout(error)) return { kind: 'retry', reason: timedOut, retryAfterMs: null };
    // undici reports network failures as TypeError('fetch failed', { cause }); a TypeError
    // without a cause is a request that can never be made (bad URL, credentials in it).
    if (error instanceof TypeError && error.cause !== undefined) {
      const reason = networkReason(error);
      // A name that does not resolve will not resolve a second later: retrying it only multiplies
      // the wait by the number of pages (EAI_AGAIN is the resolver giving up, usually no network).
      if (DNS_FAILURES.has(reason)) return failed(`DNS lookup of ${hostOf(url)} failed (${reason}): check the host name and the network`);
      return { kind: 'retry', reason, retryAfterMs: null };
    }
    return failed(messageOf(error));
  }

  const { status } = response;
  if (status === 304) {
    await discard(response);
    if (conditional) return { kind: 'done', result: { status: 'not-modified', url } };
    return failed('HTTP 304 Not Modified to a request that was not conditional');
  }
  if (status === 429 || status >= 500) {
    await discard(response);
    return { kind: 'retry', reason: statusLine(response), retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
  }
  if (status < 200 || status >= 300) {
    await discard(response);
    return failed(statusLine(response));
  }

  const contentType = response.headers.get('content-type');
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== '' && !HTML_TYPES.has(mediaType)) {
    await discard(response);
    return failed(`unsupported content type ${mediaType} (expected text/html)`);
  }
  const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declaredLength) && declaredLength > settings.maxBytes) {
    await discard(response);
    return failed(`response is larger than ${settings.maxBytes} bytes (Content-Length ${declaredLength})`);
  }

  let body: Uint8Array | null;
  try {
    body = await readCapped(response, settings.maxBytes);
  } catch (error) {
    if (isTimeout(error)) return { kind: 'retry', reason: timedOut, retryAfterMs: null };
    return { kind: 'retry', reason: `reading the body failed: ${networkReason(error)}`, retryAfterMs: null };
  }
  if (!body) return failed(`response is larger than ${settings.maxBytes} bytes`);
  return {
    kind: 'done',
    result: {
      status: 'fetched',
      url,
      finalUrl: response.url || url,
      html: decode(body, contentType),
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    },
  };
}

/** Why a URL is never fetched, or null. fetch's own message would echo a password back. */
function refuseUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `unsupported protocol ${parsed.protocol}`;
  if (parsed.username || parsed.password) return 'URLs with credentials are not supported';
  return null;
}

function requestHeaders(validators: Validators | null): Record<string, string> {
  const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': USER_AGENT };
  // Stored values come from earlier responses; header-unsafe characters would make fetch throw.
  const etag = validators?.etag?.trim();
  const lastModified = validators?.lastModified?.trim();
  if (etag && isHeaderSafe(etag)) headers['if-none-match'] = etag;
  if (lastModified && isHeaderSafe(lastModified)) headers['if-modified-since'] = lastModified;
  return headers;
}

function isHeaderSafe(value: string): boolean {
  return value.length <= 1024 && /^[\x20-\x7e\t]*$/.test(value);
}

/** The body, or null when it exceeds maxBytes (reading stops there; the rest is never buffered). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function decode(body: Uint8Array, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body); // unknown charset label
  }
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter" (half fixed, half random), or the server's Retry-After; both capped. */
export function delayMs(retry: number, retryAfterMs: number | null, settings: Pick<HttpSettings, 'backoffMs' | 'maxDelayMs'>): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, settings.maxDelayMs);
  const exponential = Math.min(settings.backoffMs * 2 ** retry, settings.maxDelayMs);
  return exponential / 2 + Math.random() * (exponential / 2);
}

async function discard(response: Response): Promise<void> {
  // Frees the connection for the next request instead of leaving the body unread.
  await response.body?.cancel().catch(() => undefined);
}

function statusLine(response: Response): string {
  const text = response.statusText || STATUS_CODES[response.status] || '';
  return `HTTP ${response.status}${text ? ` ${text}` : ''}`;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.name === 'AbortError' && error.cause instanceof Error && error.cause.name === 'TimeoutError'));
}

/** The most specific code or message: ECONNREFUSED rather than "fetch failed". */
function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const inner: unknown = current instanceof AggregateError ? current.errors[0] : current.cause;
    if (inner === undefined) return current.message;
    current = inner;
  }
  return messageOf(current);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
