// Search: one box, a version filter, ranked results with the matched words highlighted. The URL
// holds the query (/search?q=...&version=...), so results are shareable and the back button works.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, href, versions, type Hit, type SearchResult } from '../api.ts';
import { ErrorNote, Marked, VersionSelect } from '../components/common.tsx';
import { useLoad, useTitle } from '../hooks.ts';
import { currentState, navigate } from '../router.ts';

const PAGE = 20;
const EXAMPLES = ['503 after applying a destination rule', 'upstream connect error or disconnect/reset before headers', 'port name', 'mTLS conflict', 'route rules have no effect'];

/** Moves focus between the box and the result links with the arrow keys. */
function onResultsKey(event: KeyboardEvent, box: HTMLInputElement | null) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = [...document.querySelectorAll<HTMLAnchorElement>('#results a.hit-link')];
  if (links.length === 0) return;
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  event.preventDefault();
  if (event.key === 'ArrowDown') (links[Math.min(at + 1, links.length - 1)] ?? links[0])?.focus();
  else if (at <= 0) box?.focus();
  else links[at - 1]?.focus();
}

export function SearchPage({ q, version }: { q: string; version: string | null }) {
  useTitle(q ? `${q} – search` : 'Search');
  const [text, setText] = useState(q);
  const box = useRef<HTMLInputElement>(null);
  const typing = useRef<number | undefined>(undefined);
  const known = useLoad('versions', versions);

  // The URL changed (back button, a link): the box follows it, unless it already says the same
  // (the URL holds the trimmed query; a space just typed must stay).
  useEffect(() => setText((t) => (t.trim() === q.trim() ? t : q)), [q]);

  // Results follow the typing. History gets one entry per query the reader settled on: the first
  // pause in typing adds an entry, further pauses update it, and Enter (or another link) commits it,
  // so Back returns to the previous committed query, not to each prefix typed.
  const typed = (query: string) => navigate(href.search(query.trim(), version), { replace: currentState().typing === true, state: { typing: true } });
  const commit = (query: string, v: string | null) => {
    const replace = currentState().typing === true || query.trim() === q;
    navigate(href.search(query.trim(), v), { replace, state: {} });
  };
  const onInput = (value: string) => {
    setText(value);
    clearTimeout(typing.current);
    typing.current = window.setTimeout(() => typed(value), 300);
  };

  return (
    <>
      <h1 tabIndex={-1}>Search the guidelines</h1>
      <form
        role="search"
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          clearTimeout(typing.current);
          commit(text, version);
        }}
      >
        <span class="field grow">
          <label for="q">Symptom, error message or resource</label>
          <input
            id="q"
            ref={box}
            type="search"
            name="q"
            value={text}
            autoComplete="off"
            spellcheck={false}
            placeholder="e.g. 503 after applying a destination rule"
            aria-describedby="search-help"
            onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => onResultsKey(e, box.current)}
          />
        </span>
        <VersionSelect
          id="version"
          label="Version"
          value={version ?? ''}
          allLabel="All versions"
          options={known.state === 'done' ? known.data.versions.map((v) => v.name) : version ? [version] : []}
          onChange={(v) => commit(text, v || null)}
        />
        <button type="submit">Search</button>
      </form>
      <p id="search-help" class="hint">
        Press <kbd>/</kbd> anywhere to come back to this box, <kbd>↓</kbd> and <kbd>↑</kbd> to move through the results.
      </p>
      {q.trim() ? <Results q={q.trim()} version={version} box={box} /> : version ? <Browse version={version} /> : <Welcome />}
    </>
  );
}

function Results({ q, version, box }: { q: string; version: string | null; box: { current: HTMLInputElement | null } }) {
  const first = useLoad(`${q}\u0000${version ?? ''}`, () => api.search(q, version, PAGE));
  const [more, setMore] = useState<{ hits: Hit[]; cursor: string | null; error: Error | null; busy: boolean }>({ hits: [], cursor: null, error: null, busy: false });
  useEffect(() => setMore({ hits: [], cursor: null, error: null, busy: false }), [q, version]);

  if (first.state === 'loading') return <p class="muted" role="status" aria-live="polite">Searching…</p>;
  if (first.state === 'error') return <ErrorNote error={first.error} />;
  const result: SearchResult = first.data;
  const hits = [...result.hits, ...more.hits];
  const cursor = more.hits.length > 0 ? more.cursor : result.nextCursor;
  const loadMore = async () => {
    if (!cursor) return;
    setMore((m) => ({ ...m, busy: true }));
    try {
      const next = await api.search(q, version, PAGE, cursor);
      setMore((m) => ({ hits: [...m.hits, ...next.hits], cursor: next.nextCursor, error: null, busy: false }));
    } catch (error) {
      setMore((m) => ({ ...m, error: error as Error, busy: false }));
    }
  };

  return (
    <section aria-labelledby="results-heading" id="results" onKeyDown={(e) => onResultsKey(e, box.current)}>
      <h2 id="results-heading" class="visually-hidden">
        Results
      </h2>
      <p class="result-count" role="status" aria-live="polite">
        {result.total === 0 ? 'No guideline matches' : `${result.total} ${result.total === 1 ? 'guideline' : 'guidelines'}`} for “{q}”
        {version ? ` in ${version}` : ' in all versions'}.
      </p>
      {result.didYouMean && result.didYouMean.toLowerCase() !== q.toLowerCase() && (
        <p class="did-you-mean">
          Did you mean <a href={href.search(result.didYouMean, version)}>{result.didYouMean}</a>?
        </p>
      )}
      {hits.length > 0 && (
        <ol class="hits">
          {hits.map((h) => (
            <li key={`${h.key}@${h.version}`}>
              <a class="hit-link" href={href.entry(h.slug, h.version)}>
                {h.title}
              </a>{' '}
              <span class="badge version" title={`Istio ${h.version}`}>
                {h.version}
              </span>
              {h.snippet && (
                <p class="snippet">
                  <Marked text={h.snippet} />
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {result.total === 0 && version && (
        <p>
          <a href={href.search(q, null)}>Search all versions instead</a>
        </p>
      )}
      {more.error && <ErrorNote error={more.error} />}
      {cursor && (
        <button type="button" class="secondary" onClick={loadMore} disabled={more.busy}>
          {more.busy ? 'Loading…' : 'More results'}
        </button>
      )}
    </section>
  );
}

function Welcome() {
  const known = useLoad('versions', versions);
  return (
    <section aria-labelledby="welcome-heading" class="welcome">
      <h2 id="welcome-heading">Start with what you see</h2>
      <p>
        Paste an error line, describe the symptom, or name the resource. Without a version, each guideline appears once, in the newest
        version that has it.
      </p>
      <ul class="examples">
        {EXAMPLES.map((e) => (
          <li key={e}>
            <a href={href.search(e)}>{e}</a>
          </li>
        ))}
      </ul>
      <p>
        Checking manifests before you apply them? <a href="/diagnose">Diagnose them</a>.
        {known.state === 'done' && known.data.versions.length > 0 && (
          <>
            {' '}
            The knowledge base holds <a href="/versions">{known.data.versions.length} Istio versions</a>.
          </>
        )}
      </p>
    </section>
  );
}

/** A version without a query: its guidelines, in page order. */
function Browse({ version }: { version: string }) {
  const list = useLoad(`browse:${version}`, () => api.entries(version));
  if (list.state === 'loading') return <p class="muted" role="status">Loading the guidelines of {version}…</p>;
  if (list.state === 'error') return <ErrorNote error={list.error} />;
  const { entries, total } = list.data;
  return (
    <section aria-labelledby="browse-heading" id="results">
      <h2 id="browse-heading">
        {total} {total === 1 ? 'guideline' : 'guidelines'} in Istio {version}
      </h2>
      <ol class="hits">
        {entries.map((e) => (
          <li key={e.key}>
            <a class="hit-link" href={href.entry(e.slug, e.version)}>
              {e.title}
            </a>{' '}
            <span class="muted small">{e.pageTitle}</span>
          </li>
        ))}
      </ol>
      {total > entries.length && <p class="muted">The first {entries.length} are shown; search to find the others.</p>}
    </section>
  );
}
