// One guideline in one version: its Symptoms, Causes and Fixes, error messages and snippets, the
// versions that have it (switch), its history (title changes, renames) and a way to compare two
// versions.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, href, type Entry, type History } from '../api.ts';
import { CodeBlock } from '../components/code.tsx';
import { ErrorNote, External, Loading, SeverityBadge, VersionSelect } from '../components/common.tsx';
import { useLoad, useTitle } from '../hooks.ts';
import { navigate } from '../router.ts';

function ListSection({ id, title, items, code }: { id: string; title: string; items: readonly string[]; code?: boolean }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul class={code ? 'plain' : undefined}>
        {items.map((item, i) => (
          <li key={i}>{code ? <code class="block">{item}</code> : item}</li>
        ))}
      </ul>
    </section>
  );
}

/** The slug an entry has in `version` (headings are renamed between versions). */
const slugIn = (history: History | null, version: string, fallback: string) => history?.versions.find((v) => v.version === version)?.slug ?? fallback;

export function EntryPage({ slug, version }: { slug: string; version: string | null }) {
  const entry = useLoad(`${slug}@${version ?? ''}`, () => api.entry(slug, version));
  const shown = useRef<Entry | null>(null);
  const history = useLoad(entry.state === 'done' ? entry.data.key : null, () => api.history(entry.state === 'done' ? entry.data.key : slug));
  useTitle(entry.state === 'done' ? `${entry.data.title} (${entry.data.version})` : 'Guideline');

  // Switching versions keeps the page (and the focus in the version select) until the new one is in.
  if (entry.state === 'done') shown.current = entry.data;
  if (entry.state === 'loading') {
    const stale = shown.current;
    const sameGuideline =
      stale !== null && (stale.key === slug || (history.state === 'done' && (history.data.key === slug || history.data.versions.some((v) => v.slug === slug))));
    if (stale && sameGuideline) {
      return <EntryView e={stale} h={history.state === 'done' ? history.data : null} historyError={null} busy />;
    }
    return <Loading what="the guideline" />;
  }
  if (entry.state === 'error') {
    return (
      <>
        <h1 tabIndex={-1}>Guideline not found</h1>
        <ErrorNote error={entry.error}>
          <p>
            <a href={href.search(slug.replace(/-/g, ' '))}>Search for “{slug.replace(/-/g, ' ')}”</a>
          </p>
        </ErrorNote>
      </>
    );
  }
  const e = entry.data;
  const h = history.state === 'done' ? history.data : null;
  return <EntryView e={e} h={h} historyError={history.state === 'error' ? history.error : null} />;
}

function EntryView({ e, h, historyError, busy = false }: { e: Entry; h: History | null; historyError: Error | null; busy?: boolean }) {
  const newestFirst = e.versions;
  const hasStructure = e.symptoms.length + e.causes.length + e.fixes.length > 0;
  const yamlSnippets = e.snippets;
  return (
    <article aria-labelledby="entry-title" aria-busy={busy}>
      <header class="entry-head">
        <p class="eyebrow">
          <span class="badge version">Istio {e.version}</span> {e.pageTitle}
        </p>
        <h1 id="entry-title" tabIndex={-1}>
          {e.title}
        </h1>
        <div class="toolbar">
          {newestFirst.length > 1 ? (
            <VersionSelect
              id="entry-version"
              label="Version"
              value={e.version}
              options={newestFirst}
              onChange={(v) => navigate(href.entry(slugIn(h, v, e.key), v))}
            />
          ) : (
            <span class="muted">Only in Istio {e.version}</span>
          )}
          <External href={e.url}>Original page on istio.io</External>
        </div>
      </header>

      <ListSection id="symptoms" title="Symptoms" items={e.symptoms} />
      <ListSection id="causes" title="Causes" items={e.causes} />
      <ListSection id="fixes" title="Fixes" items={e.fixes} />
      {!hasStructure && e.paragraphs.length > 0 && (
        <section aria-labelledby="description">
          <h2 id="description">Description</h2>
          {e.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      )}
      <ListSection id="errors" title="Error messages" items={e.errorMessages} code />
      {yamlSnippets.length > 0 && (
        <section aria-labelledby="snippets">
          <h2 id="snippets">Snippets</h2>
          {yamlSnippets.map((s, i) => (
            <div key={i}>
              <CodeBlock code={s.code} language={s.language} title={`${s.language || 'text'}${s.kinds.length ? ` · ${s.kinds.join(', ')}` : ''}`} />
              {s.parseError && <p class="muted small">This snippet is not valid YAML as published: {s.parseError}</p>}
            </div>
          ))}
        </section>
      )}
      {e.rules.length > 0 && (
        <section aria-labelledby="rules">
          <h2 id="rules">Checked by diagnose</h2>
          <ul>
            {e.rules.map((r) => (
              <li key={r.id}>
                <SeverityBadge severity={r.severity} /> <a href={href.rule(r.id)}>{r.title}</a> <code>{r.id}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      <HistorySection e={e} h={h} error={historyError} />
    </article>
  );
}

type HistoryVersion = History['versions'][number];

/**
 * Versions in which nothing changed join the row of the version before them: 27 versions of one
 * guideline are mostly "unchanged", and the few changes are what the reader looks for.
 */
function historyRows(h: History): { first: HistoryVersion; last: HistoryVersion; prev: HistoryVersion | null; through: HistoryVersion[] }[] {
  const rows: { first: HistoryVersion; last: HistoryVersion; prev: HistoryVersion | null; through: HistoryVersion[] }[] = [];
  let prev: HistoryVersion | null = null;
  for (const v of h.versions) {
    const row = rows[rows.length - 1];
    const same = prev !== null && !v.changed && prev.title === v.title && prev.slug === v.slug;
    if (row && same) {
      row.last = v;
      row.through.push(v);
    } else rows.push({ first: v, last: v, prev, through: [v] });
    prev = v;
  }
  return rows;
}

function HistorySection({ e, h, error }: { e: Entry; h: History | null; error: Error | null }) {
  const names = h?.versions.map((v) => v.version) ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Defaults: the version shown against the last one whose text differs from it (comparing two
  // identical versions shows nothing); for the first version, against the next change.
  useEffect(() => {
    if (!h) return;
    const rows = historyRows(h);
    const at = rows.findIndex((r) => r.through.some((v) => v.version === e.version));
    const row = rows[at];
    if (row?.prev) {
      setFrom(row.prev.version);
      setTo(e.version);
    } else {
      setFrom(e.version);
      setTo(rows[at + 1]?.first.version ?? names[names.length - 1] ?? e.version);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [e.key, e.version, h]);

  if (error) return <ErrorNote error={error} />;
  if (!h) return <Loading what="the history" />;
  return (
    <section aria-labelledby="history">
      <h2 id="history">History</h2>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">The guideline in each version that has it, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Title</th>
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {historyRows(h).map(({ first, last, prev, through }) => {
              const notes: string[] = [];
              if (!prev) notes.push('first version');
              else {
                if (prev.title !== first.title) notes.push(`title changed (was “${prev.title}”)`);
                if (prev.slug !== first.slug) notes.push(`renamed from #${prev.slug}`);
                if (first.changed) notes.push('content changed');
                if (notes.length === 0) notes.push('unchanged');
              }
              const current = through.some((v) => v.version === e.version);
              return (
                <tr key={first.version} class={current ? 'current' : undefined}>
                  <th scope="row">
                    <a href={href.entry(first.slug, first.version)} aria-current={first.version === e.version ? 'page' : undefined}>
                      {first.version}
                    </a>
                    {last !== first && (
                      <>
                        {' – '}
                        <a href={href.entry(last.slug, last.version)} aria-current={last.version === e.version ? 'page' : undefined}>
                          {last.version}
                        </a>
                      </>
                    )}
                  </th>
                  <td>{first.title}</td>
                  <td>
                    {notes.join('; ')}
                    {prev && (first.changed || prev.title !== first.title) && (
                      <>
                        {' '}
                        (<a href={href.compare(h.key, prev.version, first.version)}>diff with {prev.version}</a>)
                      </>
                    )}
                    {last !== first && <span class="muted">; the same through {last.version}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {names.length > 1 && (
        <form
          class="compare-form"
          aria-labelledby="compare-heading"
          onSubmit={(ev) => {
            ev.preventDefault();
            navigate(href.compare(h.key, from, to));
          }}
        >
          <h3 id="compare-heading">Compare two versions</h3>
          <div class="toolbar">
            <VersionSelect id="compare-from" label="From" value={from} options={names} onChange={setFrom} />
            <VersionSelect id="compare-to" label="To" value={to} options={names} onChange={setTo} />
            <button type="submit">Compare</button>
          </div>
        </form>
      )}
    </section>
  );
}
