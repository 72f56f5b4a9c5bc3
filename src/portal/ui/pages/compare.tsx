// What changed in one guideline between two versions, as a readable diff: removed and added items,
// and changed items with the changed words marked.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, href, type Comparison } from '../api.ts';
import { ErrorNote, Loading, VersionSelect } from '../components/common.tsx';
import { diffSequences, lines, words, type Part } from '../lib/diff.ts';
import { useLoad, useTitle } from '../hooks.ts';
import { navigate } from '../router.ts';

type ListDiff = Comparison['fixes'];

const SECTIONS: { field: 'symptoms' | 'causes' | 'fixes' | 'errorMessages' | 'snippets'; title: string; code: boolean }[] = [
  { field: 'symptoms', title: 'Symptoms', code: false },
  { field: 'causes', title: 'Causes', code: false },
  { field: 'fixes', title: 'Fixes', code: false },
  { field: 'errorMessages', title: 'Error messages', code: true },
  { field: 'snippets', title: 'Snippets', code: true },
];

function Parts({ parts }: { parts: readonly Part[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.op === 'same' ? (
          p.text
        ) : p.op === 'removed' ? (
          <del key={i}>{p.text}</del>
        ) : (
          <ins key={i}>{p.text}</ins>
        ),
      )}
    </>
  );
}

/** One item's text: a flex item of its row, so that the words inside flow as a paragraph. */
function Body({ code, children }: { code: boolean; children: ComponentChildren }) {
  return code ? <pre class="code diff-body">{children}</pre> : <span class="diff-body">{children}</span>;
}

function DiffList({ diff, code }: { diff: ListDiff; code: boolean }) {
  return (
    <ul class="diff">
      {diff.removed.map((text, i) => (
        <li class="removed" key={`r${i}`}>
          <span class="diff-mark" aria-hidden="true">−</span>
          <span class="visually-hidden">Removed: </span>
          <Body code={code}>
            <del>{text}</del>
          </Body>
        </li>
      ))}
      {diff.added.map((text, i) => (
        <li class="added" key={`a${i}`}>
          <span class="diff-mark" aria-hidden="true">+</span>
          <span class="visually-hidden">Added: </span>
          <Body code={code}>
            <ins>{text}</ins>
          </Body>
        </li>
      ))}
      {diff.changed.map((c, i) => (
        <li class="changed" key={`c${i}`}>
          <span class="diff-mark" aria-hidden="true">~</span>
          <span class="visually-hidden">Changed: </span>
          <Body code={code}>
            <Parts parts={code ? diffSequences(lines(c.from), lines(c.to)) : diffSequences(words(c.from), words(c.to))} />
          </Body>
        </li>
      ))}
    </ul>
  );
}

export function ComparePage({ slug, from, to }: { slug: string; from: string | null; to: string | null }) {
  const history = useLoad(`h:${slug}`, () => api.history(slug));
  const names = history.state === 'done' ? history.data.versions.map((v) => v.version) : [];
  const f = from ?? names[0] ?? null;
  const t = to ?? names[names.length - 1] ?? null;
  const result = useLoad(f && t ? `${slug}:${f}:${t}` : null, () => api.compare(slug, f ?? '', t ?? ''));
  const [pick, setPick] = useState({ from: f ?? '', to: t ?? '' });
  useEffect(() => setPick({ from: f ?? '', to: t ?? '' }), [f, t]);
  const c = result.state === 'done' ? result.data : null;
  useTitle(c ? `Compare ${c.to.title} ${c.from.version}–${c.to.version}` : 'Compare versions');

  if (history.state === 'error') return <ErrorNote error={history.error} />;
  if (history.state === 'loading') return <Loading what="the versions" />;
  const changedSections = c ? SECTIONS.filter((s) => c[s.field].added.length + c[s.field].removed.length + c[s.field].changed.length > 0) : [];

  return (
    <article aria-labelledby="compare-title">
      <p class="eyebrow">
        <a href={href.entry(c?.to.slug ?? slug, c?.to.version ?? t)}>← Back to the guideline</a>
      </p>
      <h1 id="compare-title" tabIndex={-1}>
        What changed{c ? ` in “${c.to.title}”` : ''}
      </h1>
      <form
        class="toolbar"
        aria-label="Versions to compare"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href.compare(slug, pick.from, pick.to));
        }}
      >
        <VersionSelect id="from" label="From" value={pick.from} options={names} onChange={(v) => setPick((p) => ({ ...p, from: v }))} />
        <VersionSelect id="to" label="To" value={pick.to} options={names} onChange={(v) => setPick((p) => ({ ...p, to: v }))} />
        <button type="submit">Compare</button>
      </form>
      {result.state === 'loading' && <Loading what="the differences" />}
      {result.state === 'error' && <ErrorNote error={result.error} />}
      {c && (
        <>
          <p class="compare-summary" role="status">
            From <a href={href.entry(c.from.slug, c.from.version)}>{c.from.version}</a> to{' '}
            <a href={href.entry(c.to.slug, c.to.version)}>{c.to.version}</a>:{' '}
            {changedSections.length === 0 && !c.titleChanged && !c.slugChanged
              ? 'no differences.'
              : `${changedSections.length} ${changedSections.length === 1 ? 'section' : 'sections'} changed${c.titleChanged ? ', the title changed' : ''}${c.slugChanged ? ', the heading was renamed' : ''}.`}
          </p>
          {(c.titleChanged || c.slugChanged) && (
            <section aria-labelledby="heading-changes">
              <h2 id="heading-changes">Heading</h2>
              <ul class="diff">
                {c.titleChanged && (
                  <li class="changed">
                    <span class="diff-mark" aria-hidden="true">~</span>
                    <span class="diff-body">
                      Title: <Parts parts={diffSequences(words(c.from.title), words(c.to.title))} />
                    </span>
                  </li>
                )}
                {c.slugChanged && (
                  <li class="changed">
                    <span class="diff-mark" aria-hidden="true">~</span>
                    <span class="diff-body">
                      Anchor: <del>#{c.from.slug}</del> <ins>#{c.to.slug}</ins>
                    </span>
                  </li>
                )}
              </ul>
            </section>
          )}
          {changedSections.map((s) => (
            <section aria-labelledby={`diff-${s.field}`} key={s.field}>
              <h2 id={`diff-${s.field}`}>{s.title}</h2>
              <DiffList diff={c[s.field]} code={s.code} />
            </section>
          ))}
        </>
      )}
    </article>
  );
}
