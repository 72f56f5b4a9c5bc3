// The REST API as the portal uses it. Types come from the API's own zod schemas (type-only imports,
// erased from the bundle), so a change of the API's shapes fails the portal's type check.
import type { z } from 'zod';
import type {
  CompareAnswer,
  DiagnoseAnswer,
  EntriesAnswer,
  Entry as EntrySchema,
  HistoryAnswer,
  RulesAnswer,
  SearchAnswer,
  VersionsAnswer,
} from '../../rest/schemas.ts';

export type Versions = z.infer<typeof VersionsAnswer>;
export type Version = Versions['versions'][number];
export type SearchResult = z.infer<typeof SearchAnswer>;
export type Hit = SearchResult['hits'][number];
export type Entry = z.infer<typeof EntrySchema>;
export type History = z.infer<typeof HistoryAnswer>;
export type Comparison = z.infer<typeof CompareAnswer>;
export type Rule = z.infer<typeof RulesAnswer>['rules'][number];
export type Diagnosis = z.infer<typeof DiagnoseAnswer>;
export type Finding = Diagnosis['findings'][number];
export type Severity = Finding['severity'];

/** An answer other than 2xx: the problem document's detail, for the reader. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function problemMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: unknown; message?: unknown };
    if (typeof body.detail === 'string') return body.detail;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON
  }
  return `The server answered ${res.status} ${res.statusText}.`;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.headers as Record<string, string> | undefined) } });
  } catch {
    throw new ApiError('The istio-kb server cannot be reached. Is it running?', 0);
  }
  if (!res.ok) throw new ApiError(await problemMessage(res), res.status);
  return (await res.json()) as T;
}

const qs = (params: Record<string, string | number | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
const seg = encodeURIComponent;

/** `complete` is sent as is; servers before it existed ignore it. */
export interface DiagnoseRequest {
  readonly manifests: string;
  readonly version?: string;
  readonly complete: boolean;
  /** Where objects that name no namespace land (kubectl apply -n); the server's default is "default". */
  readonly namespace?: string;
}

let versionsOnce: Promise<Versions> | null = null;
/** Versions rarely change while a page is open: fetched once per page load (a failure is retried). */
export function versions(): Promise<Versions> {
  versionsOnce ??= request<Versions>('/api/v1/versions').catch((error: unknown) => {
    versionsOnce = null;
    throw error;
  });
  return versionsOnce;
}

export const api = {
  search: (q: string, version: string | null, limit: number, cursor?: string | null) =>
    request<SearchResult>(`/api/v1/search${qs({ q, version, limit, cursor })}`),
  entries: (version: string, cursor?: string | null) => request<z.infer<typeof EntriesAnswer>>(`/api/v1/entries${qs({ version, limit: 100, cursor })}`),
  entry: (slug: string, version: string | null) => request<Entry>(`/api/v1/entries/${seg(slug)}${qs({ version })}`),
  history: (slug: string) => request<History>(`/api/v1/entries/${seg(slug)}/history`),
  compare: (slug: string, from: string, to: string) => request<Comparison>(`/api/v1/entries/${seg(slug)}/compare${qs({ from, to })}`),
  rules: () => request<z.infer<typeof RulesAnswer>>('/api/v1/rules'),
  ruleDocs: () => request<Record<string, string>>(RULE_DOCS_URL),
  diagnose: (body: DiagnoseRequest) =>
    request<Diagnosis>('/api/v1/diagnose', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  /** The same diagnosis as SARIF 2.1.0, for code-scanning tools. */
  diagnoseSarif: (body: DiagnoseRequest) =>
    request<unknown>('/api/v1/diagnose', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/sarif+json' },
      body: JSON.stringify(body),
    }),
};

/** Portal links. */
export const href = {
  search: (q: string, version?: string | null) => `/search${qs({ q, version })}`,
  entry: (slug: string, version?: string | null) => `/entries/${seg(slug)}${qs({ version })}`,
  compare: (slug: string, from: string, to: string) => `/entries/${seg(slug)}/compare${qs({ from, to })}`,
  rule: (id: string) => `/rules#${seg(id)}`,
};
